"""The navigation report (专利导航分析报告): HTML, PDF and XLSX renderings of ``graph.navigation.report``."""

"""The rule book for codes (编码规则): one definition of each code rule, used by every layer.

* ``graph.codes.ipc``: IPC codes (国际专利分类号): canonical form, level, subclass, main group,
  and whether a chain node's IPC pattern covers a patent's code.
* ``graph.codes.regions``: NBS region codes (统计用区划代码): padding, significant digits,
  province / city prefixes, a user's region as a prefix, and region names from the reference data.
* ``graph.codes.patent_numbers``: publication and application numbers (公开号 / 申请号), the CNIPA
  check digit, kind codes and the patent type they imply.

Ingest normalisers, the NLP chain mapping, chain validation, both stores and the synthetic
corpus generator call these functions; none of them writes a code rule of its own.
"""

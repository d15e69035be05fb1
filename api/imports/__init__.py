"""Importing an association's existing register (issue #12, "Import"): members, contacts,
certification bodies, auditors, certificates and past audits from an XLSX workbook or a CSV
file. ``schema`` names the sheets and their Dutch columns, ``reader`` streams the rows,
``engine`` checks the whole file and writes it in one transaction (all or nothing)."""

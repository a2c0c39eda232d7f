"""Excel import of tasks and results (placeholder until the importer lands)."""


def template_workbook_bytes():
    raise NotImplementedError

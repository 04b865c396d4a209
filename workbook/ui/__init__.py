"""ipywidgets components, one module per task, plus the app shell. They take a ``Workbook``,
call the task modules, and publish their results as traitlets."""

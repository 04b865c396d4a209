"""Shared pure rules, one home each: text keys, dates, job titles, people search, the calendar writer.

Nothing here reads the workbook or draws: analyses, importers and the store all call these.
"""

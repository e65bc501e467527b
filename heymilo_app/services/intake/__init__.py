"""Candidates in: added by hand or by an ATS (`intake`), many at once (`bulk_intake`), from
a CSV file (`csv_file` reads it, `csv_columns` maps its columns, `csv_import` imports it),
or through the public job board (`job_board`). May import `pipeline` and the packages below
it.
"""

"""Running a migration step's SQL."""

import sqlite3


def run_sql(db, sql: str) -> None:
    """Execute the statements one by one (sqlite3 runs one statement per call). A piece ending in ';' is
    joined with the next until it is a complete statement, so trigger bodies stay whole."""
    statement = ""
    for piece in sql.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute_sql(statement)
            statement = ""
    if statement.strip(" \n;"):
        db.execute_sql(statement)

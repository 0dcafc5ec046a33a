"""Running a migration step's SQL."""


def run_sql(db, sql: str) -> None:
    """Execute the statements one by one (sqlite3 runs one statement per call)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute_sql(statement)

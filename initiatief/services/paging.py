"""One page of a query's rows: counted and cut in SQL, the page number kept in range."""

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ..extensions import db

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    page: int
    pages: int


def paginate(statement: Select, page: int, size: int = PAGE_SIZE) -> Page:
    """The rows of page (1-based, clamped to the pages there are) of an ordered statement."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.execute(counted).scalar_one()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = db.session.execute(statement.limit(size).offset((page - 1) * size)).all()
    return Page(rows=rows, total=total, page=page, pages=pages)

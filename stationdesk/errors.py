"""Errors a user can fix (with a message in Chinese) as distinct from bugs."""

import errno
import sqlite3


class UserError(Exception):
    """A problem the user can fix. `str()` is the Chinese message shown or printed as is."""

    exit_code = 2


class Cancelled(Exception):
    """The operator pressed 取消 during long work; raised from a progress report, it unwinds the work's
    transaction or temporary file, so nothing is left half-done."""


class DatabaseProblem(UserError):
    """The database cannot be used as it is: locked, corrupt, too new, on a network share."""

    exit_code = 3


class DatabaseLocked(DatabaseProblem):
    pass


class DatabaseTooNew(DatabaseProblem):
    pass


class DatabaseDamaged(DatabaseProblem):
    """The file is damaged, empty or not a station's: restoring a backup is the way out."""


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


# SQLite's own words → what the operator should do. Checked along the whole exception chain
# because in WAL mode "database or disk is full" hides behind peewee's "cannot rollback".
_SQLITE_MESSAGES = (
    ("database or disk is full", "磁盘已满，这次操作没有完成（之前保存的数据不受影响）。请清理磁盘空间或换一个保存位置后重试。"),
    ("disk i/o error", "读写磁盘出错，这次操作没有完成。请检查磁盘或U盘是否已拔出，然后重试。"),
    ("readonly database", "数据库文件是只读的，无法保存。请检查文件属性或存放位置的权限。"),
    ("attempt to write a readonly", "数据库文件是只读的，无法保存。请检查文件属性或存放位置的权限。"),
    ("database is locked", "数据库正被另一个程序使用，请稍后重试或关闭另一个程序。"),
    ("file is not a database", "这个文件不是有效的站务台账数据库，或已经损坏。请从备份恢复。"),
    ("database disk image is malformed", "数据库文件已损坏。请从最近的备份恢复。"),
)


DAMAGED = "读取数据库时出错，数据库文件可能已损坏。请在“设置与备份”中检查数据库，或从最近的备份恢复（命令行：restore）。"


def explain(exc: BaseException) -> str | None:
    """A Chinese explanation for a known storage failure anywhere in the chain, else None."""
    for link in _chain(exc):
        if isinstance(link, UserError):
            return str(link)
        text = str(link).lower()
        for needle, message in _SQLITE_MESSAGES:
            if needle in text:
                return message
        if isinstance(link, OSError) and link.errno == 28:
            return _SQLITE_MESSAGES[0][1]
    for link in _chain(exc):
        # sqlite3.DatabaseError itself (not its subclasses, which are programming and constraint errors)
        # is raised for damaged pages; a UnicodeDecodeError, for damaged text in the schema.
        if type(link) is sqlite3.DatabaseError or isinstance(link, UnicodeDecodeError):
            return DAMAGED
    return None


# The system's words for the file errors a station meets, in Chinese (errno → text).
_OS_ERRORS = {
    errno.EACCES: "没有权限（文件或文件夹属于别的用户，或被设为不允许访问）",
    errno.EPERM: "操作不被允许（文件属于别的用户，或被锁定为不可更改）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOENT: "找不到这个文件或文件夹",
    errno.EROFS: "所在的磁盘是只读的（如写保护的U盘或光盘）",
    errno.EEXIST: "已经有同名的文件",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被占用",
    errno.EIO: "读写磁盘出错（请检查磁盘或U盘是否已拔出）",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.ELOOP: "路径中的快捷方式（符号链接）太多或循环",
}


def os_error_text(exc: OSError) -> str:
    """An OSError in Chinese: disk full, permissions, a folder where a file should be and the other
    everyday ones; the system's own words only for an error nobody here has met."""
    return explain(exc) or (exc.errno is not None and _OS_ERRORS.get(exc.errno)) or exc.strerror or str(exc)


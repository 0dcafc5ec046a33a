"""StationDesk (站务台账): offline records for a village 新时代文明实践站."""

__version__ = "0.1.0"
APP_NAME = "站务台账"

"""Where the app keeps its data, logs and assets.

Order of precedence: `--data-dir`, then `BRANDTRUTH_HOME`, then the platform's user data
folder (platformdirs). Nothing else decides a path.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from brandtruth_desktop import APP_ID

ENV_HOME = "BRANDTRUTH_HOME"
ENV_DATABASE_URL = "BRANDTRUTH_DATABASE_URL"


class DataFolderError(Exception):
    """The data folder cannot be used; the message says what to do."""


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The folders and files of one workspace."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "brandtruth.sqlite3"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def database_url(self) -> str:
        """`BRANDTRUTH_DATABASE_URL` when a team shares a database, else the local SQLite file."""
        return os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{self.database}"

    def ensure(self) -> None:
        """Create the folders and prove they are writable, or raise DataFolderError."""
        try:
            for folder in (self.root, self.logs, self.assets):
                folder.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as error:
            raise DataFolderError(
                f"The data folder {self.root} cannot be written to ({error.strerror or error}). "
                f"Choose another folder with --data-dir or the {ENV_HOME} environment variable, "
                "or fix the folder's permissions."
            ) from error


def default_root() -> Path:
    """The platform's per-user data folder, e.g. ~/.local/share/brandtruth on Linux."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """Pick the data folder from the command line, the environment or the platform default."""
    chosen = data_dir or os.environ.get(ENV_HOME)
    root = Path(chosen).expanduser() if chosen else default_root()
    return DataPaths(root.resolve())


def resources_dir() -> Path:
    """The bundled `resources/` folder, from a source checkout, a wheel or a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"The app's resources folder is missing (looked beside {here}).")

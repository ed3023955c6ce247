"""Wheel build hook: compile the core's modules with mypyc, or build the pure wheel.

The modules to compile are listed in one place, ``[tool.penalties.compiled] modules`` in
pyproject.toml. A wheel build (``pip install .``, ``pip wheel .``, ``python -m build``) compiles
them from the same ``.py`` source and ships the extension modules beside that source (the pure
build stays selectable with ``PENALTIES_PURE_PYTHON=1``), under the interpreter's platform tag.
When there is no C compiler, no Python headers, or the compile fails, the wheel is the pure
``py3-none-any`` one and one line on stderr says why. Editable installs and the sdist stay pure.
``PENALTIES_BUILD_PURE=1`` builds the pure wheel on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Run in a child interpreter, from the project root, so that a failed or crashing compile cannot
# take the build down with it: mypyc's entry point then setuptools' build_ext, without reading
# pyproject.toml as a setuptools project (this one is hatchling's).
_COMPILE = """
import sys
from setuptools import Distribution
from mypyc.build import mypycify

config, target, lib, temp, *modules = sys.argv[1:]
extensions = mypycify(
    ["--config-file", config, "--cache-dir", temp + "/mypy-cache", *modules],
    target_dir=target,
    group_name="penalties._native",
    opt_level="3",
)
dist = Distribution({"name": "penalties-core", "ext_modules": extensions, "script_args": [
    "build_ext", "--build-lib", lib, "--build-temp", temp,
]})
dist.parse_command_line()
dist.run_commands()
"""

# The type check that mypyc compiles from. `mypy --strict penalties` is CI's job (.ci/run); here
# only the types matter: the runtime dependencies are in the build requirements, so their types
# are exact, and the optional extras (matplotlib, polars, pyspark...) that the package graph
# reaches are Any when absent, which changes nothing in the compiled modules.
_MYPY_CONFIG = """\
[mypy]
ignore_missing_imports = True
warn_unused_configs = False
"""

_PROBE = "#include <Python.h>\nint penalties_probe(void) { return Py_IsInitialized(); }\n"


class CompiledCoreHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile ``[tool.penalties.compiled] modules`` into the wheel, falling back to pure."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._workdir: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("PENALTIES_BUILD_PURE", "") not in ("", "0"):
            self._say("building the pure-Python wheel (PENALTIES_BUILD_PURE is set)")
            return
        modules = self._modules()
        workdir = tempfile.mkdtemp(prefix="penalties-build-")
        self._workdir = workdir
        started = time.monotonic()
        reason = self._probe(workdir) or self._compile(workdir, modules)
        if reason is not None:
            self._say(f"building the pure-Python wheel ({reason})")
            return
        lib = Path(workdir, "lib")
        built = sorted(p for p in lib.rglob("*") if p.is_file())
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(lib).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self.app.display_info(
            f"penalties: compiled {', '.join(modules)} with mypyc in "
            f"{time.monotonic() - started:.0f} s ({len(built)} extension files)"
        )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_workdir", None):
            shutil.rmtree(self._workdir, ignore_errors=True)  # type: ignore[arg-type]

    def _modules(self) -> list[str]:
        """The modules to compile, as paths relative to the project root, checked."""
        table = self.metadata.config.get("tool", {}).get("penalties", {}).get("compiled", {})
        modules = table.get("modules")
        if (
            not isinstance(modules, list)
            or not modules
            or not all(isinstance(m, str) for m in modules)
        ):
            raise ValueError(
                "pyproject.toml: [tool.penalties.compiled] modules must be a non-empty list of "
                'paths such as "penalties/engine.py"'
            )
        for module in modules:
            path = Path(self.root, module)
            if path.suffix != ".py" or not path.is_file() or not module.startswith("penalties/"):
                raise ValueError(
                    f"pyproject.toml: [tool.penalties.compiled] modules lists {module!r}, which "
                    "is not a .py file of the penalties package; list files such as "
                    '"penalties/engine.py"'
                )
        return list(modules)

    def _probe(self, workdir: str) -> str | None:
        """Why no C extension can be built here (compiler or headers missing), or None."""
        include = sysconfig.get_paths().get("include", "")
        if not Path(include, "Python.h").is_file():
            return f"no Python headers: {include}/Python.h is missing"
        try:
            from setuptools._distutils.ccompiler import new_compiler
            from setuptools._distutils.sysconfig import customize_compiler
        except ImportError as error:  # pragma: no cover - setuptools is a build requirement
            return f"setuptools is missing: {error}"
        source = Path(workdir, "probe.c")
        source.write_text(_PROBE, encoding="ascii")
        compiler = new_compiler()
        customize_compiler(compiler)
        try:
            compiler.compile([str(source)], output_dir=workdir, include_dirs=[include])
        except Exception as error:
            command = (getattr(compiler, "compiler_so", None) or [type(compiler).__name__])[0]
            what = type(error).__name__
            return f"no working C compiler: {command} failed to compile a test file ({what})"
        return None

    def _compile(self, workdir: str, modules: list[str]) -> str | None:
        """Compile ``modules`` into ``workdir/lib``; why it failed, or None."""
        config = Path(workdir, "mypy.ini")
        config.write_text(_MYPY_CONFIG, encoding="ascii")
        log = Path(workdir, "compile.log")
        target, lib, temp = (str(Path(workdir, name)) for name in ("c", "lib", "tmp"))
        with log.open("wb") as out:
            process = subprocess.run(
                [sys.executable, "-c", _COMPILE, str(config), target, lib, temp, *modules],
                cwd=self.root,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if process.returncode == 0:
            return None
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        if os.environ.get("PENALTIES_BUILD_VERBOSE", "") not in ("", "0"):
            sys.stderr.write("\n".join(lines) + "\n")
        last = lines[-1] if lines else f"exit status {process.returncode}"
        return f"the mypyc compile failed: {last[:200]}; PENALTIES_BUILD_VERBOSE=1 shows the log"

    @staticmethod
    def _say(message: str) -> None:
        sys.stderr.write(f"penalties: {message}\n")

"""Importing the library is side-effect free for the host application."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_with_warnings_as_errors_prints_nothing() -> None:
    result = _run("import trigger_rules")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_import_and_consult_leave_root_logger_untouched() -> None:
    result = _run(
        """
        import logging
        root = logging.getLogger()
        before = (list(root.handlers), root.level)
        import trigger_rules
        after_import = (list(root.handlers), root.level)
        trigger_rules.consult(present=["cough_sneeze_pain"])
        after_consult = (list(root.handlers), root.level)
        assert before == after_import == after_consult, (before, after_import, after_consult)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_host_handlers_are_kept() -> None:
    result = _run(
        """
        import logging
        handler = logging.StreamHandler()
        logging.getLogger().addHandler(handler)
        import trigger_rules
        assert logging.getLogger().handlers == [handler]
        """
    )
    assert result.returncode == 0, result.stderr


def test_mapping_alias_is_not_replaced_when_present() -> None:
    result = _run(
        """
        import collections, collections.abc
        class HostMapping(collections.abc.Mapping):
            pass
        collections.Mapping = HostMapping
        import trigger_rules._experta
        assert collections.Mapping is HostMapping
        """
    )
    assert result.returncode == 0, result.stderr


def test_experta_is_imported_only_by_the_compat_module() -> None:
    from pathlib import Path

    import trigger_rules

    package = Path(trigger_rules.__file__).parent
    importers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "from experta" in path.read_text() or "import experta" in path.read_text()
    )
    assert importers == ["_experta.py"]


def test_public_names_are_sorted_and_importable() -> None:
    import trigger_rules

    assert list(trigger_rules.__all__) == sorted(trigger_rules.__all__)
    for name in trigger_rules.__all__:
        assert hasattr(trigger_rules, name), name

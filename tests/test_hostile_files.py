"""The command line and the case runner against hostile files and environments: never a
traceback, never a hang; knowledge files that cannot be read are a KnowledgeError naming
the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_rules import CaseFileError, KnowledgeError, load_knowledge
from trigger_rules.cases import load_cases
from trigger_rules.knowledge_base import default_root

ROOT = Path(__file__).resolve().parent.parent
GOOD = 'title = "t"\nstory = "s"\n[facts]\npresent = ["cough_sneeze_pain"]\n[expect]\n'
DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"


def _cli(
    *argv: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trigger_rules", *argv],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert len(lines[0]) <= 300
    return lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01\x02\xff binary", "not UTF-8"),
        ("title = 'caf\u00e9'\n".encode("latin-1"), "not UTF-8"),
        (DEEP.encode(), "nested too deeply"),
        (b'title = "t"\nstory = "s', "not valid TOML"),
        (b"x" * 1_000_100, "larger than"),
    ],
    ids=["binary", "latin-1", "deep", "truncated", "huge"],
)
def test_unreadable_case_files_are_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(CaseFileError, match=expected):
        load_cases([path])
    result = _cli("cases", str(path))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert expected in line
    assert str(path) in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_non_regular_entries_of_a_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.toml")  # reading it would block forever
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    notes: list[str] = []
    cases = load_cases([tmp_path], on_skip=notes.append)
    assert [c.name for c in cases] == ["good"]
    assert len(notes) == 4
    assert all(note.startswith("skipped ") for note in notes)
    result = _cli("cases", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 4
    assert "cases: 1 passed, 0 failed" in result.stdout
    # a FIFO named on the command line is refused, not read
    named = _cli("cases", str(tmp_path / "fifo.toml"))
    assert named.returncode == 2
    assert "not a regular file" in _one_error_line(named)


def test_a_repeated_valued_option_is_refused() -> None:
    result = _cli("consult", "--age", "30", "--age", "70")
    assert result.returncode == 2
    assert "--age given more than once" in _one_error_line(result)


@pytest.mark.parametrize(
    "argv",
    [
        ["consult", "x" * 120_000],  # about the most one argument may carry
        ["consult", "--age", "9" * 5000],
        ["consult", "--absent", "y" * 100_000],
    ],
    ids=["120 kB code", "5000-digit age", "100 kB absent code"],
)
def test_huge_arguments_give_short_error_lines(argv: list[str]) -> None:
    result = _cli(*argv)
    assert result.returncode == 2
    _one_error_line(result)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _cli("facts", stdout=full)
    assert result.returncode == 2
    assert "No space left" in _one_error_line(result)


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "trigger_rules", "facts"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr


@pytest.mark.parametrize("argv", [["facts"], ["facts", "--json"], ["consult", "--help"]])
def test_an_ascii_locale_gets_stand_ins_not_a_traceback(argv: list[str]) -> None:
    result = _cli(*argv, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    result.stdout.encode("ascii")
    if argv == ["facts"]:
        assert "38 ?C" in result.stdout
    if argv == ["facts", "--json"]:
        assert "38 \\u00b0C" in result.stdout


# --- knowledge files ------------------------------------------------------------------------


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(str(default_root()), target)
    return target


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'[[source]]\nid = "S0"\ntitle = "tru', "not valid TOML"),
        (DEEP.encode(), "nested too deeply"),
    ],
    ids=["non-UTF-8", "truncated", "deep"],
)
def test_knowledge_file_faults_name_the_file(
    knowledge_copy: Path, content: bytes, expected: str
) -> None:
    (knowledge_copy / "cautions.toml").write_bytes(content)
    with pytest.raises(KnowledgeError, match=expected) as info:
        load_knowledge(knowledge_copy)
    assert "cautions.toml" in str(info.value)


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads any file anyway"
)
def test_an_unreadable_knowledge_file_names_the_file(knowledge_copy: Path) -> None:
    path = knowledge_copy / "cautions.toml"
    path.chmod(0)
    try:
        with pytest.raises(KnowledgeError, match=r"cautions\.toml: cannot be read"):
            load_knowledge(knowledge_copy)
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_knowledge_entries_that_are_not_files(knowledge_copy: Path) -> None:
    os.mkfifo(knowledge_copy / "pipe.toml")
    with pytest.raises(KnowledgeError, match=r"pipe\.toml: not a regular file"):
        load_knowledge(knowledge_copy)
    (knowledge_copy / "pipe.toml").unlink()
    (knowledge_copy / "dangling.toml").symlink_to(knowledge_copy / "nowhere")
    with pytest.raises(KnowledgeError, match=r"dangling\.toml: cannot be read"):
        load_knowledge(knowledge_copy)

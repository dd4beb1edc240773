"""A public function called with a wrong argument raises the library's own error, with a message.

Never an ``AttributeError`` or ``TypeError`` from deep inside an exporter: the
caller learns which argument was wrong and what would fit.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import sessionfeed as sf
from sessionfeed.cli import main


ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "upcoming-demo.toml"

#: Anything a caller might pass by mistake.
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@pytest.mark.parametrize("name", sf.exporter_names())
@given(locale=anything)
def test_export_refuses_any_locale_the_programme_does_not_publish(
    demo_programme: sf.Programme, name: str, locale: object
):
    """export() takes exactly the programme's locales; anything else names the locales it has."""
    exporter = sf.get_exporter(name)
    if locale in demo_programme.locales:
        assert isinstance(exporter.export(demo_programme, locale=locale), bytes)  # type: ignore[arg-type]
        return
    with pytest.raises(sf.ArgumentError, match=r"programme's locales \(nl, en\)"):
        exporter.export(demo_programme, locale=locale)  # type: ignore[arg-type]


def test_export_of_none_locale_is_the_librarys_error(demo_programme: sf.Programme):
    """The case a user met: locale=None was an AttributeError from the catalogs."""
    with pytest.raises(sf.SessionfeedError) as caught:
        sf.get_exporter("ical").export(demo_programme, locale=None)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert "not None" in str(caught.value)


@pytest.mark.parametrize("name", sf.exporter_names())
@given(programme=anything)
def test_export_refuses_what_is_not_a_programme(name: str, programme: object):
    """A dict, a path or None is not a programme: the message says how to get one."""
    with pytest.raises(sf.ArgumentError, match=r"sessionfeed\.load"):
        sf.get_exporter(name).export(programme, locale="en")  # type: ignore[arg-type]


def test_build_site_checks_its_arguments(demo_programme: sf.Programme, tmp_path: Path):
    """Each wrong argument is named; nothing is written."""
    out = tmp_path / "site"
    cases = [
        ({"programme": {"id": "x"}, "out": out}, "programme must be"),
        ({"programme": demo_programme, "out": 42}, "out must be a path"),
        ({"programme": demo_programme, "out": ""}, "out must be a path"),
        ({"programme": demo_programme, "out": out, "exporters": "ical"}, "exporters must be a list"),
        ({"programme": demo_programme, "out": out, "exporters": ["ical"]}, r"exporters\[0\]"),
        ({"programme": demo_programme, "out": out, "now": dt.datetime(2027, 1, 1)}, "aware datetime"),
        ({"programme": demo_programme, "out": out, "now": "2027-01-01"}, "aware datetime"),
        ({"programme": demo_programme, "out": out, "now": dt.datetime(1000, 1, 1, tzinfo=dt.UTC)}, "outside the dates"),
        (
            {"programme": demo_programme, "out": out,
             "now": dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))},
            "outside the dates",
        ),
    ]
    for kwargs, message in cases:
        programme, target = kwargs.pop("programme"), kwargs.pop("out")
        with pytest.raises(sf.ArgumentError, match=message):
            sf.build_site(programme, target, **kwargs)  # type: ignore[arg-type]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_make_app_checks_its_arguments():
    """A path, a max-age from 0 to a year, and exporters."""
    cases = [
        ({"path": 42}, "path must be a path"),
        ({"path": DEMO, "max_age": -1}, "max_age must be a whole number from 0"),
        ({"path": DEMO, "max_age": 10**30}, "max_age must be a whole number from 0"),
        ({"path": DEMO, "max_age": 10**5000}, "a number of 5001 digits"),
        ({"path": DEMO, "max_age": 1.5}, "max_age"),
        ({"path": DEMO, "max_age": True}, "max_age"),
        ({"path": DEMO, "exporters": [object()]}, "not an exporter"),
    ]
    for kwargs, message in cases:
        with pytest.raises(sf.ArgumentError, match=message):
            sf.make_app(**kwargs)  # type: ignore[arg-type]


def test_script_tag_checks_its_arguments(demo_programme: sf.Programme):
    """script_tag() refuses a locale the programme does not have, and a non-programme."""
    for locale in (None, "de", 3):
        with pytest.raises(sf.SessionfeedError, match="locale"):
            sf.script_tag(demo_programme, locale=locale)  # type: ignore[arg-type]
    with pytest.raises(sf.SessionfeedError):
        sf.script_tag({"id": "x"}, locale="en")  # type: ignore[arg-type]


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "eighty", "1e3"])
def test_serve_refuses_a_port_out_of_range(port: str, capsys: pytest.CaptureFixture[str]):
    """A bad --port is a usage error (exit 2) that says what a port is, not an OverflowError."""
    with pytest.raises(SystemExit) as stopped:
        main(["serve", str(DEMO), "--port", port])
    assert stopped.value.code == 2
    assert "from 0 to 65535" in capsys.readouterr().err


@pytest.mark.parametrize("max_age", ["-1", "999999999999", "soon"])
def test_serve_refuses_a_bad_max_age(max_age: str, capsys: pytest.CaptureFixture[str]):
    """--max-age is a number of seconds from 0 to a year."""
    with pytest.raises(SystemExit) as stopped:
        main(["serve", str(DEMO), "--max-age", max_age])
    assert stopped.value.code == 2
    assert "--max-age" in capsys.readouterr().err


def test_serve_function_refuses_a_port_out_of_range():
    """The Python function says the same and returns 2, with no traceback."""
    from sessionfeed.serve.app import serve

    err = []

    class Err:
        def write(self, text: str) -> None:
            err.append(text)

        def flush(self) -> None:
            pass

    assert serve(DEMO, port=99999, err=Err()) == 2  # type: ignore[arg-type]
    assert "port must be a whole number from 0 to 65535" in "".join(err)


def _closed_pipe(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the command with its standard output a pipe whose reader has already gone."""
    with subprocess.Popen(
        [sys.executable, "-m", "sessionfeed", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # like `| head -0`: the reader is gone before the first write
        err = process.stderr.read()
        code = process.wait(timeout=120)
    return subprocess.CompletedProcess(process.args, code, b"", err)


@pytest.mark.parametrize(
    "args",
    [
        ("export", str(DEMO), "--format", "ical"),
        ("export", str(DEMO), "--format", "jsonld", "--locale", "en"),
        ("build", str(DEMO), "--out", "site"),
        ("formats",),
    ],
)
def test_a_closed_pipe_is_a_quiet_end(args: tuple[str, ...], tmp_path: Path):
    """`sessionfeed … | head` ends with exit 0 and nothing on standard error, as cat does."""
    result = _closed_pipe(*args, tmp_path=tmp_path)
    assert result.stderr == b""
    assert result.returncode == 0
    if args[0] == "build":
        assert (tmp_path / "site" / "nl" / "calendar.ics").is_file(), "the build itself was done"


def test_head_of_an_export_through_a_shell_pipe(tmp_path: Path):
    """Through a real shell pipeline: the first lines come, and no error follows them."""
    command = f"{sys.executable} -m sessionfeed export {DEMO} --format ical | head -2"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, cwd=tmp_path, check=False
    )
    assert result.stdout.decode().splitlines() == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert result.stderr == b""
    assert result.returncode == 0

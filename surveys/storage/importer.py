"""All-or-nothing import of response workbooks into a wave.

Every file of one call is read (``layouts.parse_responses``) and checked
(``validation.validate``) first; only when every file passes, and no delegation would
answer twice, are all of them stored in one transaction. Otherwise nothing is stored
and each file is written to the import log as refused, in a transaction of its own, so
the log tells what was tried even when the data did not change.

Outcomes per file: ``ok`` (stored), ``unchanged`` (this exact file, by SHA-256, is
already stored in the wave), ``refused`` (it, or another file of the same call, had
errors). :func:`check_files` is the dry run: every check of an import, the stored answers
included, and nothing stored; its files are ``ready`` when an import would take them.
:func:`import_target` says where an import would go (wave, instrument, reference date) before
any file is read; both the import and the dry run start from it.

The report (:class:`ImportReport`) gives each file's problems as report lines
(:func:`surveys.reading.problems.problems`: repeats said once, real problems first) and the
instrument's :class:`~surveys.reading.problems.Wording`, so the command line and the Upload page
show the same lines, each in its reader's language.

A file holding a deliberation round's votes (a filled vote template or a consolidated vote
sheet, see :mod:`surveys.rounds.votesheets`) is recognised as it is read, checked by the
same rules and stored in the same transaction.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import sqlalchemy as sa

from surveys.access.attribution import drop_names, is_anonymous
from surveys.errors import AlreadySubmitted, InvalidResponses, TrialogueError, UnreadableFile
from surveys.limits import DEFAULT, MAX_FILE_NAME, MAX_WAVE_NAME, Limits, override_hint
from surveys.messages import N_, Option, Text
from surveys.model import Instrument, ValidationIssue
from surveys.plaintext import argument, plain
from surveys.reading.problems import Problem, Wording, problems
from surveys.respondents.registry import named
from surveys.rounds.votesheets import (
    RoundCatalogue,
    VoteSubmission,
    check_stored as check_stored_votes,
    check_votes,
    recognise as recognise_votes,
    store_votes,
)

from . import schema as t
from .audit import Actor, imported, record_import
from .round_tables import rounds as rounds_table
from .store import Store, shortened
from .submissions import ensure_wave, insert_respondents, inserted_id, refresh_data_version

if TYPE_CHECKING:
    from surveys.reading.validation import Submission

Progress = Callable[[int, int, str], None]
ALREADY_SUBMITTED = N_("{respondent} already answered in this wave ({earlier}); "
                       "to replace those answers import again with {replace}")
NOT_STORED = N_("not stored: another file in this import was refused; fix it and import all files again")


@dataclass(frozen=True)
class FileReport:
    """What happened to one file."""

    name: str
    sha256: str | None
    respondents: int
    answers: int
    outcome: str  # ok, unchanged or refused; ready when only checked
    issues: tuple[ValidationIssue, ...] = ()
    import_id: int | None = None
    #: How a CSV file was read (``CSV, GB18030 (detected), semicolon-separated``); empty for a workbook.
    reading: str = ""
    #: The deliberation round of a vote file (``respondents`` then counts delegations,
    #: ``answers`` votes); None for answers.
    round: str | None = None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The issues as report lines: repeats said once, real problems first."""
        return problems(self.issues)

    @property
    def errors(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity != "error")


@dataclass(frozen=True)
class ImportReport:
    """What one call of :func:`import_files` did, file by file."""

    wave: str
    files: tuple[FileReport, ...] = field(default_factory=tuple)
    data_version: str | None = None
    wording: Wording | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when nothing was refused (the files were stored or already there)."""
        return all(f.outcome != "refused" for f in self.files)

    @property
    def respondents(self) -> int:
        return sum(f.respondents for f in self.files if f.outcome == "ok" and f.round is None)

    @property
    def answers(self) -> int:
        return sum(f.answers for f in self.files if f.outcome == "ok" and f.round is None)

    @property
    def votes(self) -> int:
        return sum(f.answers for f in self.files if f.outcome == "ok" and f.round is not None)

    @property
    def issues(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for f in self.files for i in f.issues)

    def outcome(self, file: FileReport) -> Text:
        """What happened to ``file``, as one sentence (render it in the reader's language)."""
        if file.round is not None and file.outcome != "refused":
            # Vote files are reported in English for now (their wording is not in the catalogue yet).
            said = {"ok": f"stored {file.answers} vote(s) of {file.respondents} delegation(s) in round {file.round} "
                          f"(import {file.import_id})",
                    "unchanged": f"unchanged, this file's votes are already stored in round {file.round}",
                    "ready": f"ready, {file.answers} vote(s) of {file.respondents} delegation(s) for round "
                             f"{file.round}"}[file.outcome]
            return Text.plain(f"{file.name}: {said}")
        if file.outcome == "ok":
            return Text.of(N_("{file}: stored {respondents} respondent(s), {answers} answer(s) in wave {wave} "
                              "(import {id})"), file=file.name, respondents=file.respondents, answers=file.answers,
                           wave=self.wave, id=file.import_id)
        if file.outcome == "unchanged":
            return Text.of(N_("{file}: unchanged, this file is already stored in wave {wave}"), file=file.name,
                           wave=self.wave)
        if file.outcome == "ready":
            return Text.of(N_("{file}: ready, {respondents} respondent(s) and {answers} answer(s) for wave {wave}"),
                           file=file.name, respondents=file.respondents, answers=file.answers, wave=self.wave)
        return Text.of(N_("{file}: refused"), file=file.name)

    def error(self) -> TrialogueError | None:
        """The refusal as an exception (``AlreadySubmitted`` when that is the only problem), or None."""
        if self.ok:
            return None
        errors = [i for i in self.issues if i.severity == "error" and i.kind != "not_stored"]
        if errors and all(i.kind in ("already_answered", "already_voted") for i in errors):
            return AlreadySubmitted("\n".join(str(i) for i in errors))
        return InvalidResponses(self.issues)


@dataclass
class _Checked:
    name: str
    sha256: str | None
    submission: Submission | VoteSubmission | None = None
    issues: list[ValidationIssue] = field(default_factory=list)
    unchanged: bool = False
    reading: str = ""

    @property
    def failed(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def votes(self) -> bool:
        return isinstance(self.submission, VoteSubmission)


def import_files(store: Store, paths: Sequence[str | os.PathLike], *, wave: str | None = None,
                 instrument: Instrument | None = None, replace: bool = False,
                 progress: Progress | None = None, encoding: str | None = None,
                 round: str | None = None, limits: Limits = DEFAULT, actor: Actor | None = None) -> ImportReport:
    """Check every file, then store all of them in one transaction or none at all.

    ``wave`` defaults to the instrument's ``form_id``; a new wave takes the instrument's
    reference date. ``instrument`` defaults to the one the wave was created with, else
    the shipped default. ``replace=True`` lets a delegation that already answered submit
    again; its earlier answers are kept in history, not deleted. ``progress(done, total,
    message)`` is called as files are checked and stored. ``encoding`` declares the text
    encoding of CSV files (else each one's is detected and named in its report). Vote files of
    deliberation rounds are imported beside answers (``replace`` lets a delegation vote again,
    its earlier votes kept in history); ``round`` names the round of consolidated vote sheets
    whose statement ids fit several. ``limits`` bounds the files and the wave
    (:mod:`surveys.limits`; the CLI's ``--max-respondents``). With ``actor``, the audit log's
    entries for the import (:func:`surveys.storage.audit.record_import`) are written in the same
    transaction as the answers: an import is stored with its entries or not at all.

    Imports may run at the same moment, in threads or processes, on a store that does not
    exist yet: the schema is created once (:func:`surveys.storage.store.open_store`), and imports
    wait for each other (:meth:`surveys.storage.store.Store.writing`), so the second of two files
    from one delegation is refused as already answered, never half-stored.
    """
    with _collector_paused():
        return _import_files(store, paths, wave, instrument, replace, progress, encoding, round, limits, actor)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector for the length of an import.

    A large import keeps about a million small containers (rows, cells, answer tuples)
    alive until it ends; every automatic collection walks all of them again, which cost
    15-20 % of a 10,000-respondent import, and none of them form reference cycles, so
    reference counting still frees everything. A process-wide depth count (imports may
    run in several threads) re-enables the collector when the last import ends, and only
    if it was enabled before the first began.
    """
    global _paused_depth, _was_enabled
    with _pause_lock:
        if _paused_depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused_depth -= 1
            if _paused_depth == 0 and _was_enabled:
                gc.enable()


_pause_lock = threading.Lock()
_paused_depth = 0
_was_enabled = True


def check_files(store: Store, paths: Sequence[str | os.PathLike], *, wave: str | None = None,
                instrument: Instrument | None = None, replace: bool = False,
                progress: Progress | None = None, encoding: str | None = None,
                round: str | None = None, limits: Limits = DEFAULT) -> ImportReport:
    """Every check :func:`import_files` makes, the answers already stored included; stores
    and logs nothing. Each file is ``ready`` (an import would store it), ``unchanged`` or
    ``refused``. ``progress(done, total, file name)`` is called before each file and once
    at the end with an empty name."""
    report = progress or (lambda done, total, message: None)
    with _collector_paused():
        target = _target(store, wave, instrument)
        instrument, wave_name, reference_date = target.instrument, target.wave, target.reference_date
        checked = _validated(store, paths, instrument, reference_date,
                             lambda done, name: report(done, len(paths), name), encoding, round, limits)
        with store.engine.connect() as conn:
            wave_row, _answers = _checked_against_store(conn, wave_name, checked, replace, limits)
    files = tuple(FileReport(item.name, item.sha256, *_counts(item),
                             "refused" if item.failed else "unchanged" if item.unchanged else "ready",
                             tuple(item.issues), reading=item.reading, round=_round_of(item)) for item in checked)
    report(len(paths), len(paths), "")
    return ImportReport(wave_name, files, store.data_version(wave_name) if wave_row is not None else None,
                        Wording.of(instrument))


def _checked_against_store(conn: sa.Connection, wave_name: str, checked: list[_Checked], replace: bool,
                           limits: Limits) -> tuple[int | None, list[_Checked]]:
    """The checks that need the stored answers, made alike by the dry run and the import: files
    already stored unchanged, delegations that already answered, the wave's size, votes already
    cast. Returns the wave's id (None: a new wave) and the answer files among ``checked``."""
    wave_row = conn.execute(sa.select(t.waves.c.id).where(t.waves.c.name == wave_name)).scalar()
    answers = [c for c in checked if not c.votes]
    _mark_unchanged(conn, wave_row, answers)
    _check_duplicates(conn, wave_row, answers, replace)
    _check_wave_size(conn, wave_row, wave_name, answers, replace, limits)
    check_stored_votes(conn, [c for c in checked if c.votes], replace)
    return wave_row, answers


def _validated(store: Store, paths: Sequence[str | os.PathLike], instrument: Instrument, reference_date,
               starting: Callable[[int, str], None], encoding: str | None = None,
               round_name: str | None = None, limits: Limits = DEFAULT) -> list[_Checked]:
    """Each file read and validated on its own (``starting(done, name)`` before each)."""
    contributions = store.contribution_months()
    catalogue = RoundCatalogue.read(store)
    checked: list[_Checked] = []
    for done, path in enumerate(paths):
        name = file_name(path)
        starting(done, name)
        checked.append(_check_file(path, name, lambda p, n: _check_workbook(
            p, n, instrument, reference_date, contributions, encoding, catalogue, round_name, limits)))
    return checked


def _check_workbook(path, name: str, instrument: Instrument, reference_date, contributions, encoding,
                    catalogue: RoundCatalogue, round_name: str | None, limits: Limits = DEFAULT):
    """Read the file once: a round's votes are checked as votes, anything else as answers.
    Returns the checked submission and how a CSV file was read. Both kinds of file are held
    to ``limits`` (sheet size before parsing, delegations or respondents per file)."""
    from dataclasses import replace as with_fields

    from surveys.reading.csvfile import read_table
    from surveys.reading.layouts import parse_responses
    from surveys.reading.validation import validate
    from surveys.reading.workbook import cleaning_issues

    table = read_table(path, name, encoding, limits=limits)
    found = recognise_votes(table.sheets, catalogue, round_name=round_name)
    if found is not None:
        if len(found.delegations) > limits.respondents_per_file:  # as parse_responses bounds answer sheets
            raise UnreadableFile(name, f"sheet '{found.sheet}' holds the votes of {len(found.delegations):,} "
                                 f"delegations: at most {limits.respondents_per_file:,} per file; split it into "
                                 "several files" + override_hint(limits))
        with open(path, "rb") as handle:
            sha = hashlib.file_digest(handle, "sha256").hexdigest()
        checked = check_votes(found, catalogue, file=name, sha256=sha, contributions=contributions or None)
        sheet = next(sheet for sheet in table.sheets if sheet.name == found.sheet)
        return with_fields(checked, issues=(*cleaning_issues(sheet, name), *checked.issues)), table.reading
    parsed = parse_responses(path, instrument, display_name=name, table=table, limits=limits)
    return validate(parsed, instrument, reference_date, contributions), parsed.reading


def _round_of(item: _Checked) -> str | None:
    return getattr(item.submission, "round", None) or None


def file_name(path: str | os.PathLike) -> str:
    """What reports and the import log call the file at ``path``: its name as one line of
    plain text (:mod:`surveys.plaintext`), shortened to fit the log."""
    return shortened(plain(os.path.basename(os.fspath(path)), line=True) or "(no name)", MAX_FILE_NAME)


def _counts(item: _Checked) -> tuple[int, int]:
    """(respondents, answers) a checked file holds."""
    if item.submission is None:
        return 0, 0
    return len(item.submission.respondents), item.submission.answer_count


def _import_files(store: Store, paths: Sequence[str | os.PathLike], wave: str | None,
                  instrument: Instrument | None, replace: bool, progress: Progress | None,
                  encoding: str | None = None, round_name: str | None = None,
                  limits: Limits = DEFAULT, actor: Actor | None = None) -> ImportReport:
    report = progress or (lambda done, total, message: None)
    target = _target(store, wave, instrument)
    instrument, wave_name, reference_date = target.instrument, target.wave, target.reference_date
    wording = Wording.of(instrument)
    total = len(paths) + 1
    checked = _validated(store, paths, instrument, reference_date,
                         lambda done, name: report(done, total, f"Checking {name}"), encoding, round_name,
                         limits)

    report(len(paths), total, "Storing answers" if not any(c.failed for c in checked) else "Refusing import")
    wave_row = None
    try:
        # One import at a time across processes: two people cannot both pass the once-per-wave
        # check, nor both create a new wave (Store.writing).
        with store.writing() as conn:
            wave_row, answers = _checked_against_store(conn, wave_name, checked, replace, limits)
            if not any(c.failed for c in checked):
                wave_id: int | None = wave_row
                if wave_id is None and answers:
                    wave_id = ensure_wave(conn, wave_name, instrument, reference_date)
                stored: list[tuple[str, str]] = []
                files = tuple(_store_votes(conn, c) if c.votes else
                              _store_file(conn, wave_id, wave_name, c, replace, stored) for c in checked)
                if wave_row is not None and wave_id is not None and answers and is_anonymous(conn, wave_id):
                    # An anonymous wave keeps no names: dropped now that validation is done.
                    drop_names(conn, wave_id, [f.import_id for f in files if f.outcome == "ok" and f.import_id is not None])
                # A wave created here holds exactly what was just stored: no need to read it back.
                version = refresh_data_version(conn, wave_id, stored if wave_row is None else None) \
                    if answers and wave_id is not None else None
                done = ImportReport(wave_name, files, version, wording)
                if actor is not None:
                    record_import(conn, done, actor)
                report(total, total, "Done")
                return done
    except sa.exc.SQLAlchemyError as exc:
        reason = database_refusal(exc)
        for item in checked:
            item.issues.append(ValidationIssue(item.name, None, None, reason))
    files = _log_refusal(store, wave_name, checked)
    refused = ImportReport(wave_name, files, store.data_version(wave_name) if wave_row is not None else None, wording)
    if actor is not None:
        imported(store, refused, actor)  # nothing was stored: the refusal's entry stands alone
    report(total, total, "Refused")
    return refused


def database_refusal(exc: Exception) -> str:
    """What to tell a person when the database itself refused a write: the kind of refusal,
    never the SQL statement. Trialogue's own checks run first with the same limits on every
    backend (:mod:`surveys.limits`), so this is a last line: a busy store, a lost connection."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).splitlines()[0] if str(orig or exc) else ""
    busy = isinstance(exc, sa.exc.OperationalError) and any(
        word in text.lower() for word in ("locked", "busy", "timeout", "deadlock", "could not serialize"))
    if busy:
        return ("the store was busy with another import for longer than a minute; nothing was stored: "
                "import the files again")
    if isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return (f"the connection to the database failed ({text[:200]}); nothing was stored: check the database "
                "and import the files again")
    return (f"the database refused a value that Trialogue's own checks let through ({exc.__class__.__name__}: "
            f"{text[:200]}); nothing was stored. Please report this file to the administrator")


@dataclass(frozen=True)
class ImportTarget:
    """Where an import goes: the wave (named after the instrument's ``form_id`` when none is
    given), the instrument its files are read with, the wave's reference date, whether the wave
    is stored already, and why an import into it would be refused (``conflict``), if it would."""

    wave: str
    instrument: Instrument
    reference_date: dt.date | None
    exists: bool = False
    conflict: str | None = None


def import_target(store: Store, wave: str | None = None, instrument: Instrument | None = None) -> ImportTarget:
    """The wave, instrument and reference date an import into ``wave`` would use (nothing is
    read or stored): ``instrument`` if given, else the one the wave was created with, else the
    shipped default; a stored wave created with another instrument is a ``conflict``."""
    if wave is not None:
        wave = argument(wave, "the wave name", MAX_WAVE_NAME)
    if instrument is None:
        try:
            stored = store.instrument(wave) if wave is not None else None
        except TrialogueError:
            stored = None
        if stored is None:
            from surveys.instrument.default import default_instrument
            stored = default_instrument()
        instrument = stored
    name = wave or instrument.form_id
    try:
        existing = store.wave(name)
    except TrialogueError:
        return ImportTarget(name, instrument, instrument.reference_date)
    conflict = None
    if (existing.form_id, existing.version) != (instrument.form_id, instrument.version):
        conflict = (f"wave {name!r} was created with instrument {existing.form_id} version {existing.version}, "
                    f"not {instrument.form_id} version {instrument.version}; import into another wave with --wave NAME")
    return ImportTarget(name, instrument, existing.reference_date, True, conflict)


def _target(store: Store, wave: str | None, instrument: Instrument | None) -> ImportTarget:
    """The import target, refused with its conflict as the error."""
    target = import_target(store, wave, instrument)
    if target.conflict:
        raise TrialogueError(target.conflict)
    return target


def _check_file(path, name: str, check: Callable) -> _Checked:
    try:
        with open(path, "rb") as handle:
            sha = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        return _Checked(name, None, issues=[ValidationIssue(name, None, None, f"cannot read the file ({exc.strerror})")])
    item = _Checked(name, sha)
    try:
        submission, item.reading = check(path, name)
    except InvalidResponses as exc:
        item.issues.extend(exc.issues)
    except UnreadableFile as exc:
        item.issues.append(ValidationIssue(name, None, None, exc.reason))
    except TrialogueError as exc:
        item.issues.append(ValidationIssue(name, None, None, str(exc).splitlines()[0] if str(exc) else
                                           exc.__class__.__name__))
    except Exception as exc:  # one broken file must not hide what happened to the others
        item.issues.append(ValidationIssue(
            name, None, None, f"could not be read ({exc.__class__.__name__}: {exc}); the file was refused"))
    else:
        item.submission = submission
        item.issues.extend(submission.issues)
    return item


WAVE_FULL = N_("wave {wave} would hold {total} respondents: at most {limit} per wave; import into another wave "
               "with {wave_option}")
WAVE_FULL_RAISE = N_("wave {wave} would hold {total} respondents: at most {limit} per wave; import into another wave "
                     "with {wave_option}, or, for a larger consultation, on the command line with {raise_option}")


def _check_wave_size(conn: sa.Connection, wave_id: int | None, wave_name: str, checked: list[_Checked],
                     replace: bool, limits: Limits) -> None:
    """The wave stays within ``limits.respondents_per_wave``: its current respondents, less those
    this import replaces, plus the new ones."""
    fresh = [item for item in checked if item.submission is not None and not item.unchanged and not item.failed]
    names = {respondent.name for item in fresh if item.submission is not None
             for respondent in item.submission.respondents}
    if not names:
        return
    current: set[str] = set()
    if wave_id is not None:
        r = t.respondents.c
        current = set(conn.execute(sa.select(r.name).where(r.wave_id == wave_id, r.superseded_by.is_(None)))
                      .scalars())
    total = len(current | names) if replace else len(current) + len(names)
    if total <= limits.respondents_per_wave:
        return
    said = Text.of(WAVE_FULL if limits.raised_by_option else WAVE_FULL_RAISE, wave=wave_name, total=f"{total:,}",
                   limit=f"{limits.respondents_per_wave:,}", wave_option=Option("wave"),
                   raise_option=Option("max_respondents"))
    for item in fresh:
        item.issues.append(ValidationIssue(item.name, None, None, str(said), "error", said, "wave_full"))


def _mark_unchanged(conn: sa.Connection, wave_id: int | None, checked: list[_Checked]) -> None:
    """A file already stored in this wave (same SHA-256, answers still current) changes nothing."""
    if wave_id is None:
        return
    r, i = t.respondents.c, t.imports.c
    for item in checked:
        if item.failed or item.sha256 is None:
            continue
        still_current = conn.execute(
            sa.select(i.id).join(t.respondents, r.import_id == i.id)
            .where(i.sha256 == item.sha256, i.outcome == "ok", r.wave_id == wave_id,
                   r.superseded_by.is_(None)).limit(1)).scalar()
        item.unchanged = still_current is not None


def _check_duplicates(conn: sa.Connection, wave_id: int | None, checked: list[_Checked], replace: bool) -> None:
    """A delegation answers once per wave: refuse a second submission unless ``replace``.

    Duplicates between files of this import are found by ``validation.validate_batch``
    (it points at both cells); duplicates of stored answers are found here.
    """
    from surveys.reading.validation import located, validate_batch

    fresh = [(item, item.submission) for item in checked if item.submission is not None
             and not isinstance(item.submission, VoteSubmission) and not item.unchanged]
    for (item, submission), batched in zip(fresh, validate_batch([submission for _item, submission in fresh])):
        item.issues.extend(batched.issues[len(submission.issues):])
    if wave_id is None or replace:
        return
    r = t.respondents.c
    rows = conn.execute(sa.select(r.name, t.imports.c.file_name).join(t.imports, r.import_id == t.imports.c.id)
                        .where(r.wave_id == wave_id, r.superseded_by.is_(None))).all()
    stored = {row.name: row.file_name for row in rows}
    for item, submission in fresh:
        for respondent in submission.respondents:
            if respondent.name in stored:
                item.issues.append(located(
                    item.name, submission.sheet, submission.cells.get(respondent.name),
                    Text.of(ALREADY_SUBMITTED, respondent=named(respondent.name), earlier=stored[respondent.name],
                            replace=Option("replace")), kind="already_answered", subject=respondent.name))


def _store_file(conn: sa.Connection, wave_id: int | None, wave_name: str, item: _Checked, replace: bool,
                stored: list[tuple[str, str]]) -> FileReport:
    """Store one checked file; appends each stored respondent's (name, digest) to ``stored``."""
    messages = _reading(item) + [str(i) for i in item.issues]
    if item.unchanged:
        import_id = _log(conn, wave_name, item, 0, 0, "unchanged",
                         ["this file is already stored in the wave; nothing changed"] + messages)
        return FileReport(item.name, item.sha256, 0, 0, "unchanged", tuple(item.issues), import_id, item.reading)
    submission = item.submission
    if wave_id is None or submission is None or isinstance(submission, VoteSubmission):
        raise TypeError(f"{item.name}: only a checked answer file is stored into a wave")
    people, items, values = submission.respondents, submission.items, submission.values
    n_answers = submission.answer_count
    import_id = _log(conn, wave_name, item, len(people), n_answers, "ok", messages)
    names = [p.name for p in people]
    r = t.respondents.c
    if replace:
        for start in range(0, len(names), 500):
            conn.execute(t.respondents.update()
                         .where(r.wave_id == wave_id, r.superseded_by.is_(None), r.name.in_(names[start:start + 500]))
                         .values(superseded_by=import_id))
    stored.extend(zip(names, insert_respondents(conn, wave_id, import_id, people, items, values)))
    return FileReport(item.name, item.sha256, len(people), n_answers, "ok", tuple(item.issues), import_id,
                      item.reading)


def _store_votes(conn: sa.Connection, item: _Checked) -> FileReport:
    """Store one checked vote file (its votes replace the delegations' current ones)."""
    sub = item.submission
    if not isinstance(sub, VoteSubmission):
        raise TypeError(f"{item.name}: not a checked vote file")
    wave = conn.execute(sa.select(t.waves.c.name).join(rounds_table, rounds_table.c.wave_id == t.waves.c.id)
                        .where(rounds_table.c.name == sub.round)).scalar_one()
    messages = _reading(item) + [str(i) for i in item.issues]
    if item.unchanged:
        import_id = _log(conn, wave, item, 0, 0, "unchanged",
                         [f"this file's votes are already stored in round {sub.round}; nothing changed"] + messages)
        return FileReport(item.name, item.sha256, 0, 0, "unchanged", tuple(item.issues), import_id, item.reading,
                          sub.round)
    import_id = _log(conn, wave, item, len(sub.respondents), sub.answer_count, "ok",
                     [f"votes for round {sub.round}"] + messages)
    store_votes(conn, sub, import_id)
    return FileReport(item.name, item.sha256, len(sub.respondents), sub.answer_count, "ok", tuple(item.issues),
                      import_id, item.reading, sub.round)


def _reading(item: _Checked) -> list[str]:
    """The import log's note on how a CSV file was read (its encoding above all)."""
    return [f"read as {item.reading}"] if item.reading else []


def _log(conn: sa.Connection, wave: str, item: _Checked, respondents: int, answers: int, outcome: str,
         messages: list[str]) -> int:
    return inserted_id(conn.execute(t.imports.insert().values(
        wave=wave, file_name=item.name, sha256=item.sha256 or "", imported_at=t.now(), respondents=respondents,
        answers=answers, outcome=outcome, messages=messages)))


def _log_refusal(store: Store, wave: str, checked: list[_Checked]) -> tuple[FileReport, ...]:
    files = []
    with store.writing() as conn:
        for item in checked:
            issues = list(item.issues)
            if not item.failed and not item.unchanged:
                issues.append(ValidationIssue(item.name, None, None, NOT_STORED, text=Text.of(NOT_STORED),
                                              kind="not_stored"))
            outcome = "unchanged" if item.unchanged and not item.failed else "refused"
            n_people, n_answers = _counts(item)
            # A vote file is logged under its round's wave, where one is known.
            logged_wave = getattr(item.submission, "wave", None) or wave
            import_id = _log(conn, logged_wave, item, n_people, n_answers, outcome,
                             _reading(item) + [str(i) for i in issues])
            files.append(FileReport(item.name, item.sha256, n_people, n_answers, outcome, tuple(issues), import_id,
                                    item.reading, _round_of(item)))
    return tuple(files)


"""One batch split into parts that run apart, e.g. as the tasks of a Slurm job array (§13).

Part K of N takes every N-th input file of the batch's plan, starting at the K-th (`[K::N]`
over the plan's files, which lists each folder's files sorted); the frames of a multi-frame
DICOM file are one file here, so they stay in one part and its SEG is written once. Parts may
run at the same time into one OUT: each writes only its own journal, report and run record
(`part_files`) and the masks of its inputs, never a file another part writes.

The number of parts cannot always come from the scheduler: an array index re-submitted alone
(`sbatch --array=2`) sees `SLURM_ARRAY_TASK_COUNT=1`. So the first part to start records N and a
digest of the input list in `OUT/.segdesk-parts.json` (created exclusively: whichever part comes
first writes it, the others read it), and a later part whose N came from the environment takes
N from there. N given on the command line that contradicts the record is refused, as is an
input list that changed since (either would split differently: inputs lost or done twice).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from desktop.core.errors import BatchError

RECORD_NAME = ".segdesk-parts.json"
_FRAME_LABEL = re.compile(r"^(.*)#\d+$")  # `sub/x.dcm#3`: frame 3 of sub/x.dcm (batch_frames)


@dataclass(frozen=True)
class Part:
    """Part `index` (0-based, K) of `count` (N)."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1:
            raise BatchError(f"--num-parts must be at least 1, not {self.count}.")
        if not 0 <= self.index < self.count:
            raise BatchError(
                f"--part-id must be between 0 and {self.count - 1} for {self.count} part(s), "
                f"not {self.index}."
            )

    @property
    def tag(self) -> str:
        return f"part-{self.index}-of-{self.count}"

    @property
    def journal_name(self) -> str:
        return f".segdesk-journal.{self.tag}.jsonl"

    @property
    def report_name(self) -> str:
        return f"report.{self.tag}.csv"

    @property
    def run_name(self) -> str:
        return f"run.{self.tag}.json"

    def __str__(self) -> str:
        return f"part {self.index} of {self.count}"


def file_groups(labels: Sequence[str]) -> list[list[str]]:
    """The report's `file` labels in plan order, grouped by input file: the frames of a
    multi-frame DICOM (`x.dcm#1`, `x.dcm#2`, ...) are one group, any other input its own."""
    groups: list[list[str]] = []
    last_key = None
    for label in labels:
        key = group_key(label)
        if groups and key == last_key and key != label:
            groups[-1].append(label)
        else:
            groups.append([label])
        last_key = key
    return groups


def group_key(label: str) -> str:
    match = _FRAME_LABEL.match(label)
    return match.group(1) if match else label


def select(items: Sequence[Any], part: Part) -> list[Any]:
    """The items (BatchItems in plan order) of `part`: every N-th input file from the K-th."""
    groups = _group_items(items)
    return [item for group in groups[part.index :: part.count] for item in group]


def _group_items(items: Sequence[Any]) -> list[list[Any]]:
    groups: list[list[Any]] = []
    for item in items:
        # Frames of one file follow each other in the plan and share the source path.
        if groups and item.frame is not None and groups[-1][0].source == item.source:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def input_digest(labels: Sequence[str]) -> str:
    """sha256 of the whole batch's input list (the report's `file` labels, plan order)."""
    digest = hashlib.sha256()
    for label in labels:
        digest.update(label.encode("utf-8") + b"\n")
    return digest.hexdigest()


@dataclass(frozen=True)
class PartRequest:
    """What the command line and the environment asked for, before OUT's record is read."""

    index: int | None
    count: int | None
    count_from_env: bool  # N came from SLURM_ARRAY_TASK_COUNT, not --num-parts
    notes: tuple[str, ...] = ()  # what was taken from the environment, said on the console

    @property
    def sharded(self) -> bool:
        return self.index is not None or self.count is not None


def request_from(
    num_parts: int | None, part_id: int | None, env: Mapping[str, str] | None = None
) -> PartRequest:
    """`--num-parts` / `--part-id`, each defaulting from SLURM_ARRAY_TASK_COUNT /
    SLURM_ARRAY_TASK_ID when set; every value taken from (or overriding) the environment is
    named in `notes`, so a part never silently ignores what the scheduler said."""
    env = os.environ if env is None else env
    notes = []
    env_count = _env_int(env, "SLURM_ARRAY_TASK_COUNT")
    env_index = _env_int(env, "SLURM_ARRAY_TASK_ID")
    count, index, count_from_env = num_parts, part_id, False
    if count is None and env_count is not None:
        count, count_from_env = env_count, True
        notes.append(f"number of parts {env_count} from SLURM_ARRAY_TASK_COUNT")
    elif count is not None and env_count is not None and env_count != count:
        notes.append(f"--num-parts {count} used, not SLURM_ARRAY_TASK_COUNT={env_count}")
    if index is None and env_index is not None:
        index = env_index
        notes.append(f"part id {env_index} from SLURM_ARRAY_TASK_ID")
    elif index is not None and env_index is not None and env_index != index:
        notes.append(f"--part-id {index} used, not SLURM_ARRAY_TASK_ID={env_index}")
    if (count is None) != (index is None):
        given = "--num-parts" if index is None else "--part-id"
        missing = (
            "--part-id (or SLURM_ARRAY_TASK_ID)"
            if index is None
            else ("--num-parts (or SLURM_ARRAY_TASK_COUNT)")
        )
        raise BatchError(f"{given} was given without {missing}; a part needs both.")
    return PartRequest(index, count, count_from_env, tuple(notes))


def _env_int(env: Mapping[str, str], name: str) -> int | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise BatchError(f"{name}={text!r} is not a whole number.") from None


def threads_from(
    threads: int | None, env: Mapping[str, str] | None = None
) -> tuple[int | None, str]:
    """`--threads`, defaulting from SLURM_CPUS_PER_TASK; returns (threads or None, note)."""
    env = os.environ if env is None else env
    if threads is not None:
        if threads < 1:
            raise BatchError(f"--threads must be at least 1, not {threads}.")
        return threads, ""
    cpus = _env_int(env, "SLURM_CPUS_PER_TASK")
    if cpus is None:
        return None, ""
    if cpus < 1:
        raise BatchError(f"SLURM_CPUS_PER_TASK={cpus} is not a usable thread count.")
    return cpus, f"threads {cpus} from SLURM_CPUS_PER_TASK"


def resolve(
    request: PartRequest, output_dir: Path, labels: Sequence[str], say: Callable[[str], None]
) -> Part | None:
    """The part this run is, checked against (and, for the first part, recorded in) OUT's
    record of the split; None for an unsplit run. Raises BatchError on any contradiction."""
    output_dir = Path(output_dir)
    digest = input_digest(labels)
    record = read_record(output_dir)
    if not request.sharded:
        refuse_unsplit(output_dir, record)
        return None
    assert request.index is not None and request.count is not None
    count = request.count
    if record is not None and record["num_parts"] != count:
        recorded = record["num_parts"]
        # A re-submission runs a subset of the indices: its array can only be smaller.
        if not request.count_from_env or count > recorded:
            given = (
                f"SLURM_ARRAY_TASK_COUNT={count}"
                if request.count_from_env
                else f"--num-parts {count}"
            )
            raise BatchError(
                f"'{output_dir}' holds a batch split into {recorded} parts; {given} would split it "
                "differently "
                f"(inputs lost or done twice). Use --num-parts {recorded} (an array of "
                f"{recorded} tasks), or another output folder for a new split."
            )
        # A re-submitted array index sees its own small array's count: the split is OUT's.
        say(
            f"SLURM_ARRAY_TASK_COUNT={count} (a re-submitted array index?): using the "
            f"{recorded} parts recorded in {output_dir / RECORD_NAME}"
        )
        count = recorded
    if request.index >= count:
        hint = (
            " SLURM_ARRAY_TASK_COUNT is 1 when an index is re-submitted alone, and "
            f"'{output_dir}' has no record of the split yet: pass --num-parts N."
            if request.count_from_env and record is None
            else ""
        )
        raise BatchError(f"part id {request.index} is not below the number of parts {count}.{hint}")
    part = Part(request.index, count)
    if record is None:
        record = _create_record(output_dir, part, digest, len(labels))
        if record["num_parts"] != count:  # another part created it first, with another N
            return resolve(request, output_dir, labels, say)
    if record["input_digest"] != digest:
        raise BatchError(
            f"The input list differs from the one the split in '{output_dir}' was made for "
            f"({record.get('inputs', '?')} inputs then, {len(labels)} now: files added, removed "
            "or renamed in IN, or another --recursive): parts would split it differently. Use "
            "a new output folder, or restore IN."
        )
    return part


def refuse_unsplit(output_dir: Path, record: dict[str, Any] | None = None) -> None:
    """A whole (unsplit) run into an OUT that holds a split would redo every part's images
    and overwrite the merged report: refused, whoever starts it (command line or app)."""
    record = read_record(output_dir) if record is None else record
    if record is not None:
        raise BatchError(
            f"'{output_dir}' holds a batch split into {record['num_parts']} parts; run each "
            f"part with --num-parts {record['num_parts']} --part-id K (then 'merge'), or "
            "choose another output folder."
        )


def read_record(output_dir: Path) -> dict[str, Any] | None:
    path = Path(output_dir) / RECORD_NAME
    try:
        record = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise BatchError(f"Cannot read the record of the split '{path}': {exc}.") from exc
    if not (
        isinstance(record, dict)
        and isinstance(record.get("num_parts"), int)
        and isinstance(record.get("input_digest"), str)
    ):
        raise BatchError(f"'{path}' is not a SegDesk record of a split (damaged?).")
    return record


def _create_record(output_dir: Path, part: Part, digest: str, inputs: int) -> dict[str, Any]:
    """Write the record unless another part did first (hard link: atomic, never half
    written, and it fails when the name exists); returns the record in force."""
    record = {
        "num_parts": part.count,
        "input_digest": digest,
        "inputs": inputs,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "created_by": part.tag,
    }
    target = output_dir / RECORD_NAME
    # A name no other writer can have: parts on different nodes of a shared file system can
    # share a pid, and threads share theirs; a shared name let one writer truncate the file
    # another had just linked as the record (a part then read it empty).
    fd, name = tempfile.mkstemp(prefix=f".{RECORD_NAME}.", suffix=".tmp", dir=output_dir)
    temporary = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(record, indent=2) + "\n")
    try:
        os.link(temporary, target)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links: exclusive create instead
        try:
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(json.dumps(record, indent=2) + "\n")
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
    found = read_record(output_dir)
    assert found is not None
    return found


def running_marker(output_dir: Path, part: Part) -> Path:
    """Present from a part's start until its report and run record are written: a part killed
    on the way (SIGKILL, a node lost) leaves it, so a merge never takes that part's older
    report for a finished one."""
    return Path(output_dir) / f".segdesk-{part.tag}.running"


def mark_running(output_dir: Path, part: Part) -> None:
    running_marker(output_dir, part).write_text(f"{os.getpid()}\n", "utf-8")


def mark_finished(output_dir: Path, part: Part) -> None:
    running_marker(output_dir, part).unlink(missing_ok=True)

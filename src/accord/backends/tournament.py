"""Running a tournament on a backend, streaming finished chunks to a results store (an edge).

1. plan every negotiation (:func:`accord.tournament._plan`);
2. with a store, read back the negotiations it already holds and keep only
   the others (``resume``);
3. cut the rest into chunks (repetitions of one pairing stay together) and
   run them on the backend;
4. store each chunk as it arrives, in one transaction; if the run fails
   (a strategy, opponent model or mediator raises: one line naming it and
   the round), take back every record this run stored, so that the store
   holds what it held before (a file the run created is removed): a failed
   run never leaves a partial tournament behind, while an interrupted one
   (Ctrl-C, a killed process) keeps its finished chunks for ``resume``;
5. summarise all records, in plan order: the same table for any backend,
   worker count, chunk size or number of interruptions.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tournament import Tournament, TournamentResult, chunked, payload, plan, play_chunk, summarise
from . import stream

DEFAULT_CHUNK = 20


@dataclass(frozen=True)
class TournamentRun:
    """A tournament's records (in plan order), its summary, and how the run went."""

    result: TournamentResult
    records: tuple[dict, ...]
    reused: int  # negotiations read back from the store instead of played
    interrupted: bool

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per strategy, ranked (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        """The ``accord tournament --json`` document: the ranking (:meth:`TournamentResult.to_json`),
        ``interrupted`` and ``reused``."""
        return {**self.result.to_json(), "interrupted": self.interrupted, "reused": self.reused}


def run_tournament(tournament: Tournament, *, backend: str = "local", workers: int = 1, address: str | None = None,
                   store: str | Path | None = None, resume: bool = False, chunk: int = DEFAULT_CHUNK,
                   progress: Callable[[int, int], Any] | None = None) -> TournamentRun:
    """Play ``tournament``; with ``store``, stream records into that file and resume from it.

    ``progress(done, total)`` is called after each chunk. Ctrl-C stops the run
    (finished chunks are kept in the store) and returns what finished, with
    ``interrupted`` set.
    """
    from ..store.results import ResultsLog

    units = plan(tournament)
    log = ResultsLog(store, tournament.fingerprint(), tournament.describe(), resume=resume) if store else None
    added: list[int] = []  # negotiations this run stored
    failed = False
    try:
        found = log.finished() if log else {}
        reused = len(found)
        todo = [u for u in units if u.index not in found]
        chunks = chunked(todo, chunk)
        interrupted = False
        if progress:
            progress(len(found), len(units))
        try:
            with closing(stream(play_chunk, payload(tournament), [(c,) for c in chunks], backend=backend, workers=workers,
                                address=address)) as results:
                for _, records in results:
                    if log:
                        log.add(records)
                        added.extend(r["index"] for r in records)
                    found.update((r["index"], r) for r in records)
                    if progress:
                        progress(len(found), len(units))
        except KeyboardInterrupt:
            interrupted = True
        except BaseException:
            failed = True
            raise
    finally:
        if log and failed:
            if log.created:
                log.abandon()
            else:
                log.discard(added)
                log.close()
        elif log:
            log.close()
    records = tuple(found[i] for i in sorted(found))
    return TournamentRun(summarise(records, tournament.describe(), tournament.strategies), records, reused,
                         interrupted)


__all__ = ["DEFAULT_CHUNK", "TournamentRun", "run_tournament"]

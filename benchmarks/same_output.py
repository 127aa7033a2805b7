"""Check that the working tree extracts exactly what another revision extracts.

    python benchmarks/same_output.py [--against REV] [--mb 1.5] [--perturb]

For refactors and speed work. The texts are the benchmark corpus of ``run.py`` (our articles
and example sentences, figures re-drawn) and the dev sets of ``../shared/dev`` when present;
with ``--perturb`` each also once with line breaks, spaces and ``*`` inserted at random and
once hard-wrapped before name heads and codes. They are written once, then extracted by this
tree and by ``REV`` (default ``HEAD``, checked out in a temporary git worktree), each in its
own process. Exit 0 when every output line is byte-identical, else 1 with the first differing
texts and their facts side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import corpus  # noqa: E402

from finnews_extract.batch.sources import iter_articles  # noqa: E402

_BEFORE_HEAD = regex.compile(r"(?=[（(]|ETF|指数|基金)")
_EXTRACT = """
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("ignore")
import finnews_extract
assert finnews_extract.__file__.startswith(sys.argv[1]), finnews_extract.__file__
from finnews_extract import Extractor
extractor = Extractor()
with open(sys.argv[2], encoding="utf-8") as src, open(sys.argv[3], "w", encoding="utf-8") as out:
    for line in src:
        text, published = json.loads(line)
        out.write(extractor.extract(text, published).model_dump_json() + "\\n")
"""


def texts(megabytes: float, perturb: bool) -> list[tuple[str, str | None]]:
    """The texts to compare on, in a fixed order."""
    found = [(t, p) for t, p, _ in corpus(megabytes, seed=21)]
    dev = ROOT.parent / "shared" / "dev"
    if dev.is_dir():  # iter_articles skips the *.gold.jsonl annotations
        found += [(a["text"], a.get("published_at")) for a in iter_articles(dev)]
    if not perturb:
        return found
    rng = random.Random(3)
    out = []
    for text, published in found:
        out.append((text, published))
        chars = list(text)
        for _ in range(6):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(["\n", " ", "\n\n", "*"]))
        out.append(("".join(chars), published))
        # hard-wrapped lines break where names meet their heads and codes
        wrapped = _BEFORE_HEAD.sub(lambda m: "\n" if rng.random() < 0.3 else "", text)
        out.append((wrapped, published))
    return out


def extract_with(tree: Path, source: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", _EXTRACT, str(tree), str(source), str(target)], check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare with")
    parser.add_argument("--mb", type=float, default=1.5, help="MB of benchmark corpus")
    parser.add_argument("--perturb", action="store_true", help="add texts with inserted breaks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = texts(args.mb, args.perturb)
        source = work / "texts.jsonl"
        source.write_text(
            "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8"
        )
        other = work / "other"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), args.against],
            check=True,
        )
        try:
            extract_with(other, source, work / "other.jsonl")
            extract_with(ROOT, source, work / "this.jsonl")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)])
        theirs = (work / "other.jsonl").read_text(encoding="utf-8").splitlines()
        ours = (work / "this.jsonl").read_text(encoding="utf-8").splitlines()
    differing = [i for i, (a, b) in enumerate(zip(theirs, ours, strict=True)) if a != b]
    print(f"{len(cases)} texts; {len(differing)} outputs differ from {args.against}")
    for i in differing[:3]:
        print(f"\n--- text {i}: {cases[i][0][:80]!r}")
        print(f"{args.against}:", json.loads(theirs[i])["facts"])
        print("this tree:", json.loads(ours[i])["facts"])
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())

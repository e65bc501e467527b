"""Every page compiles: a broken page fails here without a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_reflex_compiles_every_page(tmp_path) -> None:
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_BUN_PATH": str(ROOT / ".tools/node_modules/bun/bin/bun.exe"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'compile.db'}",
    }
    result = subprocess.run(
        [str(bin_dir / "reflex"), "compile"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "compiled successfully" in result.stdout

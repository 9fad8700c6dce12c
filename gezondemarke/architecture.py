"""The apps' layers and the imports between them, read from the code.

The layers are the ones `make lint` enforces (import-linter's contract in pyproject.toml);
the arrows are the imports grimp (import-linter's engine) finds. The README shows the
result as a diagram, and a test keeps the two the same."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"


@dataclass(frozen=True)
class Architecture:
    layers: list[list[str]]  # top first, as in the contract
    imports: list[tuple[str, str]]  # (importer, imported), app by app

    def layer_of(self, app: str) -> int:
        return next(index for index, layer in enumerate(self.layers) if app in layer)

    def upward_imports(self) -> list[tuple[str, str]]:
        return [(low, high) for low, high in self.imports if self.layer_of(high) <= self.layer_of(low)]


def architecture_read() -> Architecture:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = (c for c in config["contracts"] if c["type"] == "layers")
    layers = [[name.strip() for name in layer.replace(":", "|").split("|")] for layer in contract["layers"]]
    apps = [app for layer in layers for app in layer]
    import grimp  # a development tool (it comes with import-linter); only this command needs it

    graph = grimp.build_graph(*config["root_packages"], cache_dir=None)
    imports = [
        (importer, imported)
        for importer in apps
        for imported in apps
        if importer != imported and graph.direct_import_exists(importer=importer, imported=imported, as_packages=True)
    ]
    return Architecture(layers=layers, imports=imports)


def architecture_mermaid(architecture: Architecture) -> str:
    """A Mermaid flowchart: one row per layer, top first, with every import as an arrow."""
    lines = ["flowchart TB"]
    for index, layer in enumerate(architecture.layers):
        lines.append(f'  subgraph layer{index} [" "]')
        lines.append("    direction LR")
        lines.extend(f"    {app}" for app in layer)
        lines.append("  end")
    lines.extend(f"  {importer} --> {imported}" for importer, imported in architecture.imports)
    return "\n".join(lines)

"""The scenario model: parse, validate, variants, distributions."""

from ._load import apply_patch, apply_variant, default_path, example_path, from_document, load, loads, read_file
from ._merge_patch import merge_patch
from .distributions import Distribution
from .errors import Problem, ScenarioError
from .model import (
    TOLERANCE,
    Actor,
    Condition,
    CoupledGroup,
    Decision,
    Evidence,
    Interaction,
    Issue,
    Preference,
    RedLine,
    Scenario,
    Source,
    Uncertain,
    Variant,
)

__all__ = [
    "Actor", "Condition", "CoupledGroup", "Decision", "Distribution", "Evidence", "Interaction", "Issue", "Preference",
    "Problem", "RedLine", "Scenario", "ScenarioError", "Source", "TOLERANCE", "Uncertain", "Variant", "apply_patch", "apply_variant", "default_path", "example_path",
    "from_document", "load", "loads", "merge_patch", "read_file",
]

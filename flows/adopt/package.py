"""An adopted package: a set of flows as Python, with named references, and how to load it.

`python -m flows adopt` writes::

    PACKAGE/__init__.py            FLOWS: each flow's name, type, module and description
    PACKAGE/<module>.py            one per flow: build_flow() wires it with the builder
    PACKAGE/source_resources.json  the source value each reference replaced (a resources file)

Each module is written as `python -m flows import` writes one (:mod:`flows.adopt.import_module`),
ruff-clean, with the instance's values written as references (``Queue("BasicQueue")``) and its
function returning the :class:`~flows.model.builder.FlowBuilder`, whose ``build()`` gives the
flow with its references unresolved. :func:`load_package` imports a package from its folder (it
need not be on ``sys.path``) for `render`, `plan` and the CDK app.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from flows.adopt.adoption import Adoption, FlowPlan
from flows.adopt.import_module import ModuleWriter, statement_import
from flows.adopt.python_source import Call, tuple_statement
from flows.model import references as ref
from flows.model.builder import FlowBuilder, FlowBuildError
from flows.model.flow import Flow
from flows.model.references import (
    FlowModule,
    LambdaFunction,
    LexBot,
    Reference,
    ResourcesFileError,
    ResourceTable,
    function_arn,
    references_in,
)

SOURCE_RESOURCES = "source_resources.json"
FUNCTION = "build_flow"
# The first line of every adopted package's __init__.py: adopt replaces only such a package.
MARKER = '"""Flows adopted with `python -m flows adopt`.'


@dataclass(frozen=True)
class AdoptedFlow:
    """One flow of an adopted package, as its ``__init__.py`` lists it.

    ``type`` is a ContactFlowType (``CONTACT_FLOW``, ``AGENT_WHISPER``, ...) or ``FLOW_MODULE``.
    """

    name: str
    type: str
    module: str
    description: str = ""

    @property
    def is_module(self) -> bool:
        return self.type == "FLOW_MODULE"


@dataclass(frozen=True)
class LoadedFlow:
    """A flow of a loaded package: what ``FLOWS`` says and the flow built (references kept)."""

    entry: AdoptedFlow
    flow: Flow

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass(frozen=True)
class AdoptedPackage:
    path: Path
    flows: tuple[LoadedFlow, ...]

    def source_resources(self) -> ResourceTable:
        """The package's source_resources.json; :class:`ResourcesFileError` if unreadable."""
        return ResourceTable.load(self.path / SOURCE_RESOURCES)

    def by_name(self) -> dict[str, LoadedFlow]:
        return {flow.name: flow for flow in self.flows}


class PackageError(ValueError):
    """A folder that is not an adopted package, or one that does not load; names the folder."""


# -- writing ------------------------------------------------------------------------------------


class _AdoptedModuleWriter(ModuleWriter):
    RETURNS = "FlowBuilder"

    def __init__(self, plan: FlowPlan) -> None:
        super().__init__(plan.source.plan, {}, plan.references)
        self.flow_plan = plan

    def _docstring(self, function: str) -> list[str]:
        plan = self.flow_plan
        what = "flow module" if plan.flow_type == "FLOW_MODULE" else f"{plan.flow_type} flow"
        head = f'"""The {what}, adopted as code: '
        return [
            head + _plain(plan.name)[: 100 - len(head)].rstrip(),
            "",
            "Written by `python -m flows adopt` from",
            _plain(plan.source.path.name)[:96],
            "",
            f"`{function}()` wires it with flows.model.builder, one statement per block in flow",
            "order (the console's name of each block in a comment). The resources it uses are",
            "named references (flows.model.references): `python -m flows render` resolves them",
            "for an instance, and the CDK app (context key adopted_flows) at deployment.",
            '"""',
        ]

    def _function_doc(self) -> str:
        return "The flow's blocks, wired; build() gives the flow with its references."

    def _main_lines(self, function: str) -> list[str]:
        return []


def module_source(plan: FlowPlan) -> str:
    """The text of one flow's module."""
    return _AdoptedModuleWriter(plan).text(FUNCTION)


def init_source(adoption: Adoption) -> str:
    """The text of the package's ``__init__.py``."""
    lines = [
        MARKER,
        "",
        "FLOWS lists them: name and type in Amazon Connect, the module that wires each. Render",
        "them for an instance with `python -m flows render`, deploy them with the CDK app",
        "(context key adopted_flows), compare with an instance with `python -m flows plan`.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *statement_import("flows.adopt.package", ["AdoptedFlow"]),
        "",
    ]
    entries = []
    for flow in adoption.flows:
        kwargs = [("name", flow.name), ("type", flow.flow_type), ("module", flow.module)]
        if flow.source.description:
            kwargs.append(("description", flow.source.description))
        entries.append(Call("AdoptedFlow", kwargs=kwargs))
    lines += tuple_statement(entries, 0, "FLOWS = ")
    return "\n".join(lines) + "\n"


def write_package(adoption: Adoption, target: Path) -> None:
    """Write the package at ``target``, replacing an adopted package there (never anything
    else); a failure leaves ``target`` as it was."""
    if target.exists() and not is_adopted_package(target):
        raise PackageError(
            f"{target}: exists and is not an adopted package (no {MARKER[3:]!r} __init__.py); "
            "choose another folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        (staging / "__init__.py").write_text(init_source(adoption), encoding="utf-8")
        for flow in adoption.flows:
            (staging / f"{flow.module}.py").write_text(module_source(flow), encoding="utf-8")
        (staging / SOURCE_RESOURCES).write_text(
            adoption.source_resources.to_json(), encoding="utf-8"
        )
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def is_adopted_package(path: Path) -> bool:
    """Whether ``path`` is a folder whose __init__.py `python -m flows adopt` wrote."""
    init = path / "__init__.py"
    try:
        return path.is_dir() and init.read_text(encoding="utf-8").startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


# -- loading ------------------------------------------------------------------------------------


def load_package(path: str | Path) -> AdoptedPackage:
    """Import the package in ``path`` and build each of its flows (references kept).

    Raises :class:`PackageError` naming the folder (and the flow) when it cannot be loaded.
    """
    folder = Path(path).resolve()
    if not is_adopted_package(folder):
        raise PackageError(
            f"{path}: not an adopted package (a folder whose __init__.py `python -m flows adopt` "
            "wrote)"
        )
    package = _import_package(folder)
    entries = getattr(package, "FLOWS", None)
    if not isinstance(entries, Sequence) or not all(isinstance(e, AdoptedFlow) for e in entries):
        raise PackageError(f"{path}: __init__.py: FLOWS must be a tuple of AdoptedFlow(...)")
    flows = []
    for entry in entries:
        module = _import_module(package, entry, path)
        build = getattr(module, FUNCTION, None)
        if not callable(build):
            raise PackageError(f"{path}/{entry.module}.py: no function {FUNCTION}()")
        try:
            builder = build()
            if not isinstance(builder, FlowBuilder):
                raise PackageError(
                    f"{path}/{entry.module}.py: {FUNCTION}() must return the FlowBuilder"
                )
            flows.append(LoadedFlow(entry, builder.build()))
        except FlowBuildError as exc:
            raise PackageError(f"{path}/{entry.module}.py ({entry.name!r}): {exc}") from exc
    names = [flow.name for flow in flows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PackageError(f"{path}: FLOWS names {duplicates[0]!r} twice")
    return AdoptedPackage(folder, tuple(flows))


def _import_package(folder: Path) -> ModuleType:
    name = f"_adopted_{abs(hash(str(folder))):x}"
    if name in sys.modules:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise PackageError(f"{folder}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise PackageError(f"{folder}/__init__.py: {type(exc).__name__}: {exc}") from exc
    return module


def _import_module(package: ModuleType, entry: AdoptedFlow, path: str | Path) -> ModuleType:
    name = f"{package.__name__}.{entry.module}"
    sys.modules.pop(name, None)
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise PackageError(
            f"{path}/{entry.module}.py ({entry.name!r}): {type(exc).__name__}: {exc}"
        ) from exc


def _plain(text: str) -> str:
    return "".join(c if " " <= c <= "~" and c not in '\\"' else "?" for c in text)


def names_to_find(flows: Sequence[LoadedFlow]) -> list[Reference]:
    """The references a deployment of these flows must find by name in the instance: all but
    functions (named by ARN in the account) and the set's own flows and modules; one per
    resource (a reference by ARN and one by id name the same queue), in the flows' order."""
    modules = {flow.name for flow in flows if flow.entry.is_module}
    contact = {flow.name for flow in flows if not flow.entry.is_module}
    found: dict[tuple[str, str, str | None], Reference] = {}
    for flow in flows:
        for reference in references_in(flow.flow.to_dict()):
            own = (isinstance(reference, ref.Flow) and reference.name in contact) or (
                isinstance(reference, FlowModule) and reference.name in modules
            )
            if own or isinstance(reference, LambdaFunction):
                continue
            alias = reference.options.get("alias") if isinstance(reference, LexBot) else None
            found.setdefault((reference.KIND, reference.name, alias), reference)
    return list(found.values())


def functions_to_check(
    flows: Sequence[LoadedFlow],
    *,
    partition: str,
    region: str,
    account: str,
    renames: Mapping[str, str] | None = None,
) -> dict[str, LambdaFunction]:
    """The ARN each function reference of these flows resolves to in an account and region
    (after the rename map, qualified as the reference says) -> the first reference naming it, in
    the flows' order.

    These are the ARNs the instance must have associated for the flows to call them: Connect
    calls a function of its own Region once it is added to the instance, which grants the
    permission, and Lambda scopes a permission to the one ARN (alias, version or unqualified)
    it names (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html,
    https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html).
    """
    found: dict[str, LambdaFunction] = {}
    for flow in flows:
        for reference in references_in(flow.flow.to_dict()):
            if isinstance(reference, LambdaFunction):
                arn = function_arn(
                    reference, partition=partition, region=region, account=account, renames=renames
                )
                found.setdefault(arn, reference)
    return found


def unassociated_functions(
    functions: Mapping[str, LambdaFunction], associated: Iterable[str]
) -> dict[str, LambdaFunction]:
    """Those of ``functions`` (:func:`functions_to_check`'s answer) whose ARN is not among
    ``associated``, the ARNs ListLambdaFunctions gives for the instance, in their order.

    The ARN must be there exactly: an association of the same function under another qualifier
    (an alias for an unqualified call, the bare function for a call through an alias) grants
    Connect nothing for the ARN the flow calls (see :func:`functions_to_check`). The deployment's
    check (lambdas/connect_names, which imports nothing of the project) applies the same rule.
    """
    have = set(associated)
    return {arn: reference for arn, reference in functions.items() if arn not in have}


__all__ = [
    "SOURCE_RESOURCES",
    "AdoptedFlow",
    "AdoptedPackage",
    "LoadedFlow",
    "PackageError",
    "ResourcesFileError",
    "functions_to_check",
    "load_package",
    "names_to_find",
    "unassociated_functions",
    "write_package",
]

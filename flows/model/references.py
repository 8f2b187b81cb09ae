"""Named references: a flow naming a resource of its instance by name instead of by ARN.

An exported flow is full of one instance's ARNs (queues, prompts, hours, other flows, functions
of that account). A flow that is to be deployed into several instances names them instead::

    flow.action("Route", UpdateContactTargetQueue(queue_id=Queue("BasicQueue")))
    flow.action("Look up", InvokeLambdaFunction(lambda_function_arn=LambdaFunction("lookup")))
    flow.action("Menu", TransferToFlow(contact_flow_id=Flow("Main menu")))

A reference is a ``str`` (so the builder, the model and the validator take it wherever a value
goes), whose text is a placeholder such as ``{{ref:Queue:BasicQueue}}``: a flow written with
references and never resolved is still valid JSON, and its references can be read back from the
text (:func:`parse_reference`). A **resolver** turns each reference into the value of one instance
(:func:`resolve_references`): :class:`ResourceTable` reads the resources of an instance from a
``resources.json`` (as ``python -m flows pull`` writes it, or an adopted package's
``source_resources.json``); the CDK app resolves them to CloudFormation tokens at synthesis.

A Connect resource is written by ARN unless the reference says ``form="id"`` (the language takes
"an ID or ARN" for queues, flows, modules, prompts, hours: an export may hold either, and renders
back as it was). A function is named by its name, with an optional qualifier (alias or version);
a Lex V2 bot by its name and the alias's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

from flows.command_line import TextFileError, read_text_file

Form = Literal["arn", "id"]
FORMS: tuple[Form, ...] = ("arn", "id")
PREFIX = "{{ref:"
SUFFIX = "}}"
# Characters a name or option value may hold but the placeholder text cannot: escaped as %XX.
_ESCAPED = {"%": "%25", "{": "%7B", "}": "%7D", ":": "%3A", ";": "%3B", "=": "%3D"}
_TEXT = re.compile(
    r"^\{\{ref:(?P<kind>[A-Za-z]+):(?P<name>[^:;{}]+)(?P<options>(?:;[a-z]+=[^;{}]*)*)\}\}$"
)


class BadReference(ValueError):
    """A reference that cannot be made (an empty name, an unknown option)."""


class Reference(str):
    """A resource named by kind and name; its ``str`` value is the placeholder text.

    Subclasses are the kinds (:class:`Queue`, :class:`Flow`, ...). References compare and hash
    as their text, so ``Queue("A") == Queue("A")`` and a reference is found again in a parsed flow.
    """

    KIND: ClassVar[str] = ""
    # Connect resources whose ARN ends ``/SEGMENT/ID``: the form of their ARN, for the resolvers.
    ARN_SEGMENT: ClassVar[str] = ""
    OPTIONS: ClassVar[tuple[str, ...]] = ("form",)

    name: str
    options: Mapping[str, str]

    def __new__(cls, name: str, **options: str | None) -> Self:
        if not isinstance(name, str) or not name.strip():
            raise BadReference(f"{cls.__name__}: expected a name (non-empty text), got {name!r}")
        kept = {key: value for key, value in options.items() if value is not None}
        unknown = sorted(set(kept) - set(cls.OPTIONS))
        if unknown:
            raise BadReference(
                f"{cls.__name__}({name!r}): unknown option {unknown[0]!r}; "
                f"expected {', '.join(cls.OPTIONS) or 'none'}"
            )
        if kept.get("form", "arn") not in FORMS:
            raise BadReference(f"{cls.__name__}({name!r}): form must be 'arn' or 'id'")
        if kept.get("form") == "arn":
            del kept["form"]  # the default is not written
        for key, value in kept.items():
            if not isinstance(value, str) or not value:
                raise BadReference(f"{cls.__name__}({name!r}): {key} must be non-empty text")
        text = PREFIX + cls.KIND + ":" + _escape(name)
        text += "".join(f";{key}={_escape(kept[key])}" for key in sorted(kept))
        reference = super().__new__(cls, text + SUFFIX)
        reference.name = name
        reference.options = dict(kept)
        return reference

    @property
    def form(self) -> Form:
        return "id" if self.options.get("form") == "id" else "arn"

    def arguments(self) -> tuple[list[str], list[tuple[str, str]]]:
        """(positional, keyword) arguments that make this reference again, for code writers."""
        return [self.name], [
            (key, self.options[key]) for key in self.OPTIONS if key in self.options
        ]

    def describe(self) -> str:
        args, kwargs = self.arguments()
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs]
        return f"{type(self).__name__}({', '.join(parts)})"

    def __repr__(self) -> str:
        return self.describe()

    # A reference is immutable: copies are itself (copy.deepcopy of a flow keeps the kind).
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self).KIND, self.name, dict(self.options)))


def _rebuild(kind: str, name: str, options: dict[str, str]) -> Reference:
    return REFERENCE_KINDS[kind](name, **options)


class Queue(Reference):
    KIND = "Queue"
    ARN_SEGMENT = "queue"


class Flow(Reference):
    """Another contact flow (TransferToFlow, event hooks); of the same set or of the instance."""

    KIND = "Flow"
    ARN_SEGMENT = "contact-flow"


class FlowModule(Reference):
    KIND = "FlowModule"
    ARN_SEGMENT = "flow-module"


class Prompt(Reference):
    KIND = "Prompt"
    ARN_SEGMENT = "prompt"


class HoursOfOperation(Reference):
    KIND = "HoursOfOperation"
    ARN_SEGMENT = "operating-hours"


class QuickConnect(Reference):
    KIND = "QuickConnect"
    ARN_SEGMENT = "transfer-destination"


class RoutingProfile(Reference):
    KIND = "RoutingProfile"
    ARN_SEGMENT = "routing-profile"


class LambdaFunction(Reference):
    """A function by name; ``qualifier`` an alias or version (``...:function:NAME:QUALIFIER``)."""

    KIND = "LambdaFunction"
    OPTIONS = ("qualifier",)

    def __new__(cls, name: str, *, qualifier: str | None = None) -> Self:
        return super().__new__(cls, name, qualifier=qualifier)

    @property
    def qualifier(self) -> str | None:
        return self.options.get("qualifier")


class LexBot(Reference):
    """A Lex V2 bot by its name and the name of the alias the flow calls (the alias ARN)."""

    KIND = "LexBot"
    OPTIONS = ("alias",)

    def __new__(cls, name: str, *, alias: str) -> Self:
        if not alias:
            raise BadReference(f"LexBot({name!r}): expected the alias's name, e.g. alias='live'")
        return super().__new__(cls, name, alias=alias)

    @property
    def alias(self) -> str:
        return self.options["alias"]


REFERENCE_KINDS: Mapping[str, type[Reference]] = {
    cls.KIND: cls
    for cls in (
        Queue,
        Flow,
        FlowModule,
        Prompt,
        HoursOfOperation,
        QuickConnect,
        RoutingProfile,
        LambdaFunction,
        LexBot,
    )
}
# Kinds whose ARN is a Connect resource of the instance: ``INSTANCE_ARN/SEGMENT/ID``.
CONNECT_KINDS: Mapping[str, str] = {
    kind: cls.ARN_SEGMENT for kind, cls in REFERENCE_KINDS.items() if cls.ARN_SEGMENT
}


def _escape(text: str) -> str:
    return "".join(_ESCAPED.get(char, char) for char in text)


def _unescape(text: str) -> str:
    return re.sub(r"%(25|7B|7D|3A|3B|3D)", lambda m: chr(int(m[1], 16)), text)


def parse_reference(value: object) -> Reference | None:
    """The reference a string's text is (a :class:`Reference` or its placeholder), else None."""
    if isinstance(value, Reference):
        return value
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return None
    match = _TEXT.match(value)
    if match is None or match["kind"] not in REFERENCE_KINDS:
        return None
    options = {}
    for part in filter(None, match["options"].split(";")):
        key, _, raw = part.partition("=")
        options[key] = _unescape(raw)
    try:
        return REFERENCE_KINDS[match["kind"]](_unescape(match["name"]), **options)
    except (BadReference, TypeError):
        return None


def references_in(value: Any) -> Iterator[Reference]:
    """Every reference in a JSON value (strings, lists, objects; keys are never references)."""
    if isinstance(value, str):
        reference = parse_reference(value)
        if reference is not None:
            yield reference
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from references_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from references_in(item)


Resolver = Callable[[Reference], str]


class UnresolvedReferences(ValueError):
    """References a resolver has no value for; the message lists every one."""

    def __init__(self, missing: Sequence[Reference], where: str) -> None:
        unique = sorted({m.describe() for m in missing})
        super().__init__(f"{where}: no value for {len(unique)} reference(s): {', '.join(unique)}")
        self.missing = tuple(missing)


def resolve_references(value: Any, resolve: Resolver) -> Any:
    """A JSON value with every reference replaced by ``resolve(reference)``."""
    if isinstance(value, str):
        reference = parse_reference(value)
        return value if reference is None else resolve(reference)
    if isinstance(value, Mapping):
        return {key: resolve_references(item, resolve) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve_references(item, resolve) for item in value]
    return value


# -- resources.json: what an instance has, by kind and name --------------------------------------


@dataclass(frozen=True)
class Resource:
    """One resource of an instance: its kind (a reference kind), name and ARN.

    A Lex V2 bot's ARN is the alias's, with the alias's name in ``alias``; a function's ARN is
    unqualified.
    """

    kind: str
    name: str
    arn: str
    alias: str | None = None

    def key(self) -> tuple[str, str, str | None]:
        return (self.kind, self.name, self.alias)

    def to_dict(self) -> dict[str, str]:
        out = {"kind": self.kind, "name": self.name, "arn": self.arn}
        if self.alias is not None:
            out["alias"] = self.alias
        return out


class ResourcesFileError(ValueError):
    """A resources.json that cannot be used; the message names the file and the problem."""


@dataclass
class ResourceTable:
    """The resources of one instance, as a resolver (``resources.json``).

    The file is ``{"instance_arn": ARN or null, "resources": [ENTRY, ...]}``, each entry
    ``{"kind", "name", "arn"}`` (and ``"alias"`` for a Lex bot).
    """

    resources: list[Resource] = field(default_factory=list)
    instance_arn: str | None = None

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, str, str | None], Resource] = {}
        for resource in self.resources:
            self._by_key.setdefault(resource.key(), resource)

    def add(self, resource: Resource) -> bool:
        """Add a resource; False (nothing added) when one of that kind and name is there."""
        if resource.key() in self._by_key:
            return False
        self.resources.append(resource)
        self._by_key[resource.key()] = resource
        return True

    def find(self, reference: Reference) -> Resource | None:
        alias = reference.options.get("alias") if isinstance(reference, LexBot) else None
        return self._by_key.get((reference.KIND, reference.name, alias))

    def value(self, reference: Reference) -> str | None:
        """The reference rendered for this instance (ARN or id), or None when it is unknown."""
        resource = self.find(reference)
        if resource is None:
            return None
        return render_value(reference, resource.arn)

    def resolver(self, where: str = "resources") -> Callable[[Any], Any]:
        """A function resolving every reference in a JSON value; raises
        :class:`UnresolvedReferences` listing all the unknown ones."""

        def resolve_all(value: Any) -> Any:
            missing = [r for r in references_in(value) if self.find(r) is None]
            if missing:
                raise UnresolvedReferences(missing, where)
            return resolve_references(value, lambda r: self.value(r) or r)

        return resolve_all

    def to_json(self) -> str:
        document = {
            "instance_arn": self.instance_arn,
            "resources": [r.to_dict() for r in self.resources],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, path: str | Path) -> ResourceTable:
        source = str(path)
        try:
            text = read_text_file(path, expected="a resources.json file")
            if not text.strip():
                raise ResourcesFileError(
                    f"{source}: the file is empty; expected a resources.json file"
                )
            data = json.loads(text)
        except TextFileError as exc:
            raise ResourcesFileError(str(exc)) from exc
        except json.JSONDecodeError as exc:
            raise ResourcesFileError(
                f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from exc
        return cls.from_dict(data, source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "resources") -> ResourceTable:
        expected = '{"instance_arn": ..., "resources": [{"kind", "name", "arn"}, ...]}'
        if not isinstance(data, Mapping) or not isinstance(data.get("resources"), list):
            raise ResourcesFileError(f"{source}: expected {expected}")
        instance = data.get("instance_arn")
        if instance is not None and not isinstance(instance, str):
            raise ResourcesFileError(f"{source}: instance_arn: expected an ARN or null")
        table = cls(instance_arn=instance)
        for index, entry in enumerate(data["resources"]):
            where = f"{source}: resources[{index}]"
            if not isinstance(entry, Mapping):
                raise ResourcesFileError(f"{where}: expected an object {{kind, name, arn}}")
            kind, name, arn = entry.get("kind"), entry.get("name"), entry.get("arn")
            alias = entry.get("alias")
            if kind not in REFERENCE_KINDS:
                raise ResourcesFileError(
                    f"{where}: kind {kind!r}: expected one of {', '.join(REFERENCE_KINDS)}"
                )
            if not isinstance(name, str) or not name or not isinstance(arn, str) or not arn:
                raise ResourcesFileError(f"{where}: expected a name and an arn (text)")
            if alias is not None and not isinstance(alias, str):
                raise ResourcesFileError(f"{where}: alias: expected text")
            table.add(Resource(str(kind), name, arn, alias))
        return table


def render_value(reference: Reference, arn: str) -> str:
    """The value a flow holds for ``reference`` whose resource has ``arn`` (unqualified)."""
    if isinstance(reference, LambdaFunction):
        return f"{arn}:{reference.qualifier}" if reference.qualifier else arn
    if reference.form == "id":
        return arn.rsplit("/", 1)[-1]
    return arn


# -- functions: by name in the target account and region ----------------------------------------

RENAMES_FORM = 'a JSON object {"source-name": "target-name", "*": "prefix-*"} or a=b,c=d'


def parse_function_renames(value: object) -> dict[str, str]:
    """The rename map of functions whose names differ between environments.

    A JSON object or ``old=new,old2=new2`` text; the key ``*`` applies to every other name, its
    value holding ``*`` where the name goes (``{"*": "prod-*"}``). Raises :class:`BadReference`
    with the expected form.
    """
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise BadReference(f"{value!r}: expected {RENAMES_FORM}") from None
        else:
            pairs = [part.partition("=") for part in text.split(",") if part.strip()]
            if any(not sep or not old.strip() or not new.strip() for old, sep, new in pairs):
                raise BadReference(f"{value!r}: expected {RENAMES_FORM}")
            value = {old.strip(): new.strip() for old, _, new in pairs}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in value.items()
    ):
        raise BadReference(f"{value!r}: expected {RENAMES_FORM}")
    if "*" in value and "*" not in value["*"]:
        raise BadReference(f"{value!r}: the value of '*' must hold '*' where the name goes")
    return dict(value)


def renamed_function(name: str, renames: Mapping[str, str]) -> str:
    """The function's name in the target: its own entry, else the ``*`` pattern, else itself."""
    if name in renames:
        return renames[name]
    if "*" in renames:
        return renames["*"].replace("*", name)
    return name


def function_arn(
    reference: LambdaFunction,
    *,
    partition: str,
    region: str,
    account: str,
    renames: Mapping[str, str] | None = None,
) -> str:
    """The function's ARN in an account and region (qualified as the reference says)."""
    name = renamed_function(reference.name, renames or {})
    base = f"arn:{partition}:lambda:{region}:{account}:function:{name}"
    return render_value(reference, base)

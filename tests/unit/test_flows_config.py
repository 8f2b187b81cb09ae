"""The toolkit's ``[tool.flows]`` configuration: how it is found and read, what it changes in
`python -m flows`, and (last section) that this project's table says what its application is.

The machinery tests write their own pyproject.toml files in a temporary folder and run the
command line from there.
"""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from flows import config as flows_config
from flows.cli import COMMANDS, main
from flows.config import (
    ConfigError,
    FunctionEnvironment,
    find_config_file,
    load_config,
    read_config,
)
from flows.simulator.functions import FunctionBindings

REPO_ROOT = Path(__file__).resolve().parents[2]


def write_project(folder: Path, table: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pyproject.toml"
    path.write_text(textwrap.dedent(table), encoding="utf-8")
    return path


@pytest.fixture
def no_project_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The toolkit's own project has no table: only what a test writes counts."""
    monkeypatch.setattr(flows_config, "PROJECT_ROOT", tmp_path / "toolkit")
    return tmp_path


# --- Finding and reading the table ---


def test_the_nearest_pyproject_with_the_table_wins_over_those_above_and_those_without_it(
    no_project_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = write_project(no_project_config / "outer", '[tool.flows.functions]\nf = "m:f"\n')
    write_project(no_project_config / "outer" / "app", "[tool.ruff]\nline-length = 90\n")
    inner = no_project_config / "outer" / "app" / "src"
    inner.mkdir()
    monkeypatch.chdir(inner)
    assert find_config_file() == outer
    nearer = write_project(no_project_config / "outer" / "app", "[tool.flows]\nqueue-names = {}\n")
    assert find_config_file() == nearer


def test_without_a_table_upwards_the_toolkits_own_project_is_read(
    no_project_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(no_project_config)
    assert find_config_file() is None
    assert load_config() == flows_config.FlowsConfig()
    own = write_project(no_project_config / "toolkit", '[tool.flows.functions]\nf = "m:f"\n')
    assert find_config_file() == own
    assert load_config().functions == {"f": "m:f"}


def test_functions_are_names_or_prefixes_and_file_targets_are_relative_to_the_file(
    tmp_path: Path,
) -> None:
    path = write_project(
        tmp_path / "app",
        """
        [tool.flows.functions]
        "orders-*" = "lambdas/orders/main.py:handler"
        "billing" = "billing.entry:handle"
        """,
    )
    config = read_config(path)
    handler = (tmp_path / "app" / "lambdas" / "orders" / "main.py").resolve()
    assert config.function_prefixes == {"orders-": f"{handler}:handler"}
    assert config.functions == {"billing": "billing.entry:handle"}
    assert config.functions_as_written == {
        "orders-*": "lambdas/orders/main.py:handler",
        "billing": "billing.entry:handle",
    }


def test_commands_are_a_module_name_or_a_module_with_its_help(tmp_path: Path) -> None:
    path = write_project(
        tmp_path,
        """
        [tool.flows.commands]
        build = "app.build"
        publish = { module = "app.publish", help = "publish the flows" }
        """,
    )
    commands = read_config(path).commands
    assert commands["build"] == flows_config.Command("app.build", "")
    assert commands["publish"] == flows_config.Command("app.publish", "publish the flows")


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ("[tool.flows]\nfunctions = 3\n", "[tool.flows.functions]: expected a table"),
        ('[tool.flows.functions]\nf = "no-colon"\n', "[tool.flows.functions] 'f'"),
        ('[tool.flows.functions]\n"a*b" = "m:f"\n', "name prefix ending in *"),
        ("[tool.flows.functions]\nf = 1\n", "[tool.flows.functions] 'f'"),
        ('[tool.flows.commands]\nx = "not a module"\n', "[tool.flows.commands] 'x'"),
        ('[tool.flows.commands]\nx = { module = "m", hlep = "" }\n', "[tool.flows.commands] 'x'"),
        ('[tool.flows.queue-names]\narn = ""\n', "[tool.flows.queue-names] 'arn'"),
        ("[tool.flows]\nfunction = {}\n", "unknown key 'function'"),
        ("[tool.flows\n", "not valid TOML"),
    ],
)
def test_a_table_that_cannot_be_used_is_one_error_naming_the_file_and_the_key(
    tmp_path: Path, table: str, named: str
) -> None:
    path = write_project(tmp_path, table)
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert str(path) in str(caught.value)
    assert named in str(caught.value)


# --- What the table changes in `python -m flows` ---


def test_a_configured_command_runs_with_its_arguments_and_exit_status(
    no_project_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (no_project_config / "greeting_command.py").write_text(
        textwrap.dedent(
            """
            def configure(parser):
                parser.add_argument("name")

            def run(args):
                print(f"hello {args.name}")
                return 3
            """
        ),
        encoding="utf-8",
    )
    write_project(
        no_project_config,
        '[tool.flows.commands]\ngreet = { module = "greeting_command", help = "say hello" }\n',
    )
    monkeypatch.chdir(no_project_config)
    monkeypatch.syspath_prepend(str(no_project_config))
    assert main(["greet", "Ana"]) == 3
    assert capsys.readouterr().out == "hello Ana\n"
    assert main(["--help"]) == 0
    assert "say hello" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[tool.flows.commands]\nvalidate = "somewhere"\n', "the toolkit has a command"),
        ('[tool.flows.commands]\nbroken = "no_such_module_anywhere"\n', "cannot import module"),
        ('[tool.flows.commands]\nbroken = "textwrap"\n', "has no configure(parser) and run"),
        ("[tool.flows.functions]\nf = \n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_is_one_line_and_exit_status_2(
    no_project_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    table: str,
    expected: str,
) -> None:
    write_project(no_project_config, table)
    monkeypatch.chdir(no_project_config)
    assert main(["validate" if "validate" in table else "broken", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("flows: ")
    assert expected in err
    assert err.count("\n") == 1


def test_the_configured_functions_are_the_default_bindings_and_the_lambda_help_names_them(
    no_project_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = no_project_config / "fn"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {'from': 'file'}\n")
    write_project(
        no_project_config,
        """
        [tool.flows.functions]
        "orders-*" = "fn/app.py:handler"
        """,
    )
    monkeypatch.chdir(no_project_config)
    bindings = FunctionBindings.default({"other": lambda event, context: {}})
    handler = bindings.resolve("orders-dev")
    assert handler is not None
    assert handler({}, None) == {"from": "file"}
    assert bindings.resolve("other") is not None
    assert bindings.resolve("billing-dev") is None
    assert main(["simulate", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "orders-* is bound to fn/app.py:handler by default" in help_text


def test_the_longest_prefix_binds_a_function_as_it_says_what_the_function_needs(
    tmp_path: Path,
) -> None:
    """One rule for the two tables keyed by function names: the name's own entry, else the
    longest prefix, whatever order the file gives them in."""
    for region in ("any", "eu"):
        (tmp_path / f"{region}.py").write_text(
            f"def handler(event, context):\n    return {{'from': {region!r}}}\n"
        )
    path = write_project(
        tmp_path,
        """
        [tool.flows.functions]
        "orders-*" = "any.py:handler"
        "orders-eu-*" = "eu.py:handler"

        [tool.flows.function-environment]
        "orders-*" = { needs = ["ORDERS_TABLE"] }
        "orders-eu-*" = { needs = ["ORDERS_EU_TABLE"] }
        """,
    )
    config = read_config(path)
    bindings = FunctionBindings(config.functions, config.function_prefixes)

    def answer(name: str) -> object:
        handler = bindings.resolve(name)
        assert handler is not None, name
        return handler({}, None)

    assert answer("orders-eu-1") == {"from": "eu"}
    assert answer("orders-us-1") == {"from": "any"}
    assert config.environment_of("orders-eu-1") == FunctionEnvironment(("ORDERS_EU_TABLE",))
    assert config.environment_of("orders-us-1") == FunctionEnvironment(("ORDERS_TABLE",))


def test_without_configured_functions_nothing_is_bound_by_default(
    no_project_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(no_project_config)
    assert FunctionBindings.default().resolve("customer-lookup-dev") is None


# --- This project's table: what its application hands the toolkit ---


def project_table() -> dict[str, object]:
    document = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    table: dict[str, object] = document["tool"]["flows"]
    return table


def test_the_project_binds_its_lookup_function_to_the_handler_it_deploys() -> None:
    from flows.customer_lookup.flow import LOOKUP_FUNCTION_NAME_PREFIX
    from stacks.lookup_stack import LAMBDA_CODE_ROOT

    config = read_config(REPO_ROOT / "pyproject.toml")
    target = config.function_prefixes[LOOKUP_FUNCTION_NAME_PREFIX]
    path, _, function = target.rpartition(":")
    assert Path(path).parent == LAMBDA_CODE_ROOT.resolve()
    assert Path(path).is_file()
    assert function


def test_the_generated_flow_names_its_queues_so_the_project_table_need_not() -> None:
    # The routing table's queues are named once, in the routing table: the generated flow
    # carries each name beside its Set working queue blocks, where the toolkit reads them.
    from flows.customer_lookup.flow import sandbox_settings
    from flows.customer_lookup.generate import GENERATED_DIR
    from flows.model.document import load_flow_document
    from flows.simulator import Simulator

    flow = load_flow_document(GENERATED_DIR / "customer_lookup.json").content
    expected = {arn: name for name, arn in sandbox_settings().queue_arns.items()}
    assert Simulator(flow).flow.queue_names == expected
    assert "queue-names" not in project_table()


def test_the_project_commands_are_modules_with_configure_and_run() -> None:
    import importlib

    commands = read_config(REPO_ROOT / "pyproject.toml").commands
    assert commands
    assert not set(commands) & set(COMMANDS)
    for command in commands.values():
        module = importlib.import_module(command.module)
        assert callable(module.configure)
        assert callable(module.run)


def test_the_command_line_runs_from_outside_the_project_with_its_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    for name in read_config(REPO_ROOT / "pyproject.toml").commands:
        assert f"    {name} " in listed

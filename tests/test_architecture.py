"""The walls of the house (DESIGN §10), held by reading imports.

- the core never imports a first-party plugin;
- hookspecs.py imports nothing from the package;
- the arithmetic (scoring, aggregation, engine) never imports cli/ or reports/ and never prints;
- plugins import only the public API (villagescore, villagescore.testing), never a private module.
- no core code compares a plugin's name with the built-in plugin's: it gets what any plugin gets.
"""

import ast
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "src" / "villagescore"
PLUGINS = REPO / "plugins"


def _imports(path: Path) -> list[str]:
    """Every module an import statement names; relative ones keep their dots (``..reports.html``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = "." * node.level + (node.module or "")
            names.append(mod)
            names += [f"{mod}.{a.name}" if node.module else f"{mod}{a.name}" for a in node.names]
    return names


def _core_files():
    return sorted(CORE.rglob("*.py"))


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_never_imports_a_first_party_plugin(path):
    bad = [n for n in _imports(path) if n.startswith("villagescore_")]
    assert not bad, f"{path} imports plugin modules {bad}"


def test_hookspecs_import_nothing_from_the_package():
    bad = [n for n in _imports(CORE / "hookspecs.py") if n.startswith("villagescore")]
    assert not bad


@pytest.mark.parametrize("name", ["scoring.py", "aggregation.py", "engine.py"])
def test_arithmetic_never_imports_presentation_and_never_prints(name):
    path = CORE / name
    bad = [n for n in _imports(path) if ".cli" in n or ".reports" in n or n.startswith(("click", "rich"))]
    assert not bad, f"{name} imports {bad}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [n.lineno for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not prints, f"{name} prints at lines {prints}"


def _plugin_files():
    return sorted(p for p in PLUGINS.rglob("*.py") if "tests" not in p.parts)


@pytest.mark.parametrize("path", _plugin_files(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_use_only_the_public_api(path):
    public = {"villagescore", "villagescore.testing"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("villagescore."):
            if node.module not in public and not node.module.startswith("villagescore_"):
                bad.append(node.module)
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.startswith("villagescore.") and a.name not in public]
    assert not bad, f"{path} imports private modules {bad}"


@pytest.mark.parametrize("path", _plugin_files(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_do_not_import_pandas_or_numpy_at_module_level(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    heavy = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            heavy += [a.name for a in node.names if a.name.split(".")[0] in {"pandas", "numpy"}]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {"pandas", "numpy"}:
            heavy.append(node.module)
    assert not heavy, f"{path} imports {heavy} at module level (the CLI lists plugins without pandas)"


def _first_party_field_ids() -> set[str]:
    import yaml

    ids = set()
    for path in PLUGINS.glob("villagescore_*/catalogue.yaml"):
        ids |= {f["id"] for f in yaml.safe_load(path.read_text(encoding="utf-8")).get("fields", ())}
    return ids


def test_no_first_party_field_id_in_the_core():
    """The core knows no first-party field by name: field ids live in the plugins' catalogues (DESIGN §1)."""
    import re

    ids = _first_party_field_ids()
    assert len(ids) >= 100 and "discharge_column" in ids
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b")
    found = {str(p.relative_to(CORE)): sorted(set(pattern.findall(p.read_text(encoding="utf-8"))))
             for p in CORE.rglob("*.py")}
    assert not {k: v for k, v in found.items() if v}


# --- issue 15: reports never compute; the core never branches on a built-in method's name -----------------

_COMPUTING = ("engine", "explain", "sensitivity", "compare", "kernel")


@pytest.mark.parametrize("path", sorted((CORE / "reports").rglob("*.py")), ids=lambda p: p.name)
def test_reports_never_compute(path):
    """Reporters render what commands computed: they import none of the computing packages."""
    bad = []
    for name in _imports(path):
        parts = name.lstrip(".").split(".")
        if name.startswith("villagescore."):
            parts = parts[1:]
        elif name.startswith(".."):
            pass  # ..engine, ..explain.plan
        else:
            continue  # same-package (.view) or third-party imports
        if parts and parts[0] in _COMPUTING:
            bad.append(name)
    assert not bad, f"reports/{path.name} imports {bad}"


def _builtin_method_names() -> tuple[set[str], set[str]]:
    """Names and Python function names of the scorers and aggregators the built-in plugin registers."""
    from villagescore import builtin_plugin

    names, functions = set(), set()
    for hook in (builtin_plugin.register_scorers, builtin_plugin.register_aggregators):
        for obj in hook():
            names.add(obj.name)
            functions.add(getattr(obj.function, "__name__", ""))
    return names, functions - {""}


# where the built-in methods are defined, exported or written into specs by the authoring helpers
_DEFINING = {"scoring.py", "aggregation.py", "builtin_plugin.py", "authoring.py", "__init__.py"}
_METHOD_WORDS = ("scorer", "method", "aggregator", "function", "rule")


def _is_method_expression(node: ast.AST) -> bool:
    text = ast.unparse(node).lower()
    return any(word in text for word in _METHOD_WORDS)


def _constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [s for elt in node.elts for s in _constants(elt)]
    return []


def _name_branches(path: Path, names: set[str], functions: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for side in sides:
            others = [s for s in sides if s is not side]
            if set(_constants(side)) & names and any(_is_method_expression(o) for o in others):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {ast.unparse(node)}")
            if (isinstance(side, ast.Name) and side.id in functions
                    and any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)
                    and any(_is_method_expression(o) for o in others)):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_outside_the_method_objects_branches_on_a_built_in_name():
    """What a built-in scorer or aggregator knows, it carries as capabilities: nothing keys on its name."""
    names, functions = _builtin_method_names()
    assert {"bands", "linear", "weighted_arithmetic"} <= names
    found = [hit for path in _core_files() if path.name not in _DEFINING or path.parent != CORE
             for hit in _name_branches(path, names, functions)]
    assert not found, "\n".join(found)


def _plugin_name_branches(path: Path) -> list[str]:
    """Comparisons of a plugin's name with the built-in plugin's (``x.plugin == "villagescore"``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for side in sides:
            builtin = "villagescore" in _constants(side) or (isinstance(side, ast.Name)
                                                             and side.id == "BUILTIN_PLUGIN_NAME")
            if builtin and any("plugin" in ast.unparse(o) for o in sides if o is not side):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_core_code_treats_the_built_in_plugin_apart():
    """Readers, reporters, aggregators and commands of the built-in plugin get what any plugin's get.

    Only ``plugins.py``, which registers the built-in plugin under its name and keeps that name
    from a third party, may compare a plugin's name with it.
    """
    found = [hit for path in _core_files() if path != CORE / "plugins.py" for hit in _plugin_name_branches(path)]
    assert not found, "\n".join(found)


_DETECTOR_SAMPLES = {
    "method name": ("def f(node, function, bands):\n"
                    "    if node.scorer.name in ('bands', 'ratio_to_limit'):\n"
                    "        return 1\n"
                    "    if function is bands:\n"
                    "        return 2\n",
                    lambda path: _name_branches(path, {"bands", "ratio_to_limit"}, {"bands"}), ["2", "4"]),
    "plugin name": ("def f(reader, impl):\n"
                    "    builtin = reader.plugin == BUILTIN_PLUGIN_NAME\n"
                    "    if impl.plugin_name in ('', 'villagescore'):\n"
                    "        return builtin\n"
                    "    return impl.name == 'villagescore'\n",
                    _plugin_name_branches, ["2", "3"]),
}


@pytest.mark.parametrize("kind", sorted(_DETECTOR_SAMPLES))
def test_the_name_detectors_find_what_they_look_for(kind, tmp_path, monkeypatch):
    """The checks above are not vacuous: each flags the forms found in the code of 0.1."""
    source, detect, lines = _DETECTOR_SAMPLES[kind]
    sample = tmp_path / "sample.py"
    sample.write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CORE", tmp_path)
    assert [hit.split(":")[1] for hit in detect(sample)] == lines


def test_a_result_holds_no_registry(toy_result):
    """A Result is data: reporters get everything from it, never the plugins that made it."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(toy_result)} if dataclasses.is_dataclass(toy_result) \
        else set(vars(toy_result))
    assert not {n for n in names if "registry" in n or n == "engine"}


# --- issue 15: a house a newcomer reads in one sitting --------------------------------------------------------

#: Most lines a module under src/villagescore may have.
MAX_MODULE_LINES = 450
#: Modules allowed to be longer, each with the reason (keep it empty: split instead).
LONG_MODULES: dict[str, str] = {}


def test_no_module_is_longer_than_the_limit():
    """One job per module: none over 450 lines unless listed, with its reason, in LONG_MODULES."""
    sizes = {str(p.relative_to(CORE)): len(p.read_text(encoding="utf-8").splitlines()) for p in _core_files()}
    long = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES and name not in LONG_MODULES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them): {long}"
    assert set(LONG_MODULES) <= set(sizes), "LONG_MODULES names a module that no longer exists"


TESTS = REPO / "tests"
#: Test folders that do not mirror src/villagescore, and why.
CROSS_CUTTING_FOLDERS = {
    "docs": "the documentation's examples and reference pages, executed",
    "e2e": "a browser on the served site and the HTML reports",
    "plugins": "the first-party plugins (plugins/villagescore_*), which live outside src/",
    "bundled": "the bundled data (datasets/, installed as villagescore.bundled)",
    "benchmarks": "smoke runs of benchmarks/ (no timing asserted)",
    "corpus": "the corpus of awkward inputs and its harness",
    "golden": "the golden output files",
    "external_plugin": "a third-party plugin package installed by a test",
    "fixtures": "input files",
    "support": "toy plugins and data the tests share",
}
#: Test modules at the top of tests/ that check the whole tree, and why.
CROSS_CUTTING_FILES = {
    "test_architecture.py": "the rules of the house, over every module",
    "test_golden.py": "every output format against the golden files",
    "test_corpus.py": "every corpus case through the command line",
    "test_packaging.py": "what the built wheel ships",
    "test_villagescore_console.py": "src/_villagescore_console.py, the console script's first step, not packaged",
}


def _mirrors(rel: Path) -> bool:
    """``tests/a/test_b.py`` (or ``test_b_topic.py``) mirrors ``src/villagescore/a/b.py`` or the package ``a/b``.

    ``tests/a/test_a.py`` and ``tests/a/test_a_topic.py`` test the package ``a`` as a whole.
    """
    folder = CORE.joinpath(*rel.parts[:-1])
    if rel.parts[:-1] and not (folder / "__init__.py").is_file():
        return False
    stem = rel.stem.removeprefix("test_")
    names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
    if rel.parts[:-1]:
        names.add(rel.parts[-2])  # the package itself
    return any(stem == name or stem.startswith(name + "_") for name in names)


def _test_modules() -> list[Path]:
    return sorted(p.relative_to(TESTS) for p in TESTS.rglob("test_*.py")
                  if p.relative_to(TESTS).parts[0] not in CROSS_CUTTING_FOLDERS)


@pytest.mark.parametrize("rel", _test_modules(), ids=str)
def test_every_test_module_mirrors_a_source_module(rel):
    """The tests mirror the tree (scikit-criteria's check-testdir): a reader finds a module's tests by its path."""
    if len(rel.parts) == 1 and rel.name in CROSS_CUTTING_FILES:
        return
    assert _mirrors(rel), (f"tests/{rel} mirrors no module of src/villagescore: name it "
                           f"tests/<package>/test_<module>[_<topic>].py, or move it to a cross-cutting folder")


def test_the_cross_cutting_lists_name_what_exists():
    assert all((TESTS / name).is_dir() for name in CROSS_CUTTING_FOLDERS)
    assert all((TESTS / name).is_file() for name in CROSS_CUTTING_FILES)


def test_the_mirror_rule_rejects_a_stray_name():
    assert _mirrors(Path("template/test_form.py")) and _mirrors(Path("test_engine_properties.py"))
    assert _mirrors(Path("cli/test_cli_completion.py")) and _mirrors(Path("test_template.py"))
    assert not _mirrors(Path("test_miscellany.py")) and not _mirrors(Path("nowhere/test_engine.py"))


def _classes_deriving(path: Path, bases: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            and any(ast.unparse(b).split(".")[-1] in bases for b in node.bases)]


#: Exceptions defined outside errors.py, and why.
_OTHER_ERRORS = {
    "store/errors.py": "StoreError words its messages in both languages from store.text",
    "cli/__init__.py": "UserError is a click.ClickException, raised only by the command line",
}


def _exception_bases() -> set[str]:
    """The built-in exception names and every class errors.py defines (a subclass of one is an exception too)."""
    import builtins

    names = {n for n, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)}
    tree = ast.parse((CORE / "errors.py").read_text(encoding="utf-8"))
    return names | {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)} | {"ClickException"}


_EXCEPTION_BASES = _exception_bases()


def test_the_exception_check_finds_a_stray_class(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from .errors import DatasetError\n\nclass Odd(DatasetError):\n    pass\n\n"
                      "class Fine:\n    pass\n", encoding="utf-8")
    assert _classes_deriving(sample, _EXCEPTION_BASES) == ["Odd"]


def _english_only_raises(path: Path, errors: set[str]) -> list[str]:
    """``raise SomeError(msg)`` of a user-facing error whose message is English text only.

    The message is an f-string or a string given as the error's first argument, or as the
    message of a ``Problem(file, where, msg)`` raised in it. It would reach a Vietnamese user in
    English: ``errors.said(SomeError, N_(template), **values)`` and ``errors.problem(file, where,
    N_(template), params=…)`` say it in the run's language.
    """
    found = []
    for fn, texts in _functions(path):

        def text(arg: ast.AST) -> bool:
            return _is_text(arg) or (isinstance(arg, ast.Name) and arg.id in texts)  # noqa: B023

        for node in ast.walk(fn):  # raised, returned or kept: ``return SomeError(f"…")`` is raised later
            if not (isinstance(node, ast.Call) and node.args and _called(node) in errors):
                continue
            problems = [c for c in ast.walk(node) if isinstance(c, ast.Call) and _called(c) == "Problem"]
            if text(node.args[0]) or any(len(c.args) >= 3 and text(c.args[2]) for c in problems):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def _functions(path: Path) -> Iterator[tuple[ast.AST, set[str]]]:
    """Each function of ``path`` with the names it binds to text (``msg = f"…"``)."""
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield fn, {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and _is_text(n.value)
                       for t in n.targets if isinstance(t, ast.Name)}


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _is_text(node: ast.AST) -> bool:
    """An f-string, a string, or a concatenation of them."""
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _user_errors() -> set[str]:
    """The errors the command line shows as messages: those of errors.py and the few defined elsewhere."""
    from villagescore import errors

    names = {n for n, obj in vars(errors).items()
             if isinstance(obj, type) and issubclass(obj, errors.VillageScoreError)}
    return names | {"ResultFileError", "SensitivityError", "ExplainError", "StoreError"}


def test_user_facing_errors_are_said_in_the_run_s_language():
    found = [hit for path in _core_files() for hit in _english_only_raises(path, _user_errors())]
    assert not found, "\n".join(found)


def _english_only_problems(path: Path) -> list[str]:
    """English-only problem messages (``errors.problem`` and ``N_`` templates translate):

    - ``Problem(file, where, msg)`` with ``msg`` text, or another's English: ``str(exc)``, a jsonschema
      error's ``err.message``;
    - ``problem(…)`` (``errors.problem`` or a resolver's report) given an f-string as its template;
    - a call, with text, of a function of the module that passes that argument on as a
      ``Problem``'s message (``_error(name, "", "the file is empty")``).
    """
    found = []
    factories = _problem_factories(path)
    for fn, texts in _functions(path):
        def text(arg: ast.AST) -> bool:
            return _is_text(arg) or (isinstance(arg, ast.Name) and arg.id in texts)  # noqa: B023

        for call in ast.walk(fn):
            if not isinstance(call, ast.Call):
                continue
            name, args = _called(call), call.args
            bad = (name == "Problem" and len(args) >= 3 and (text(args[2]) or _others_english(args[2]))) or \
                (name == "problem" and len(args) >= 2 and _has_fstring(args[2] if len(args) >= 3 else args[1])) or \
                (name in factories and len(args) > factories[name] and text(args[factories[name]]))
            if bad:
                found.append(f"{path.relative_to(CORE)}:{call.lineno}: {ast.unparse(call)[:80]}")
    return found


def _others_english(node: ast.AST) -> bool:
    """``str(exc)`` or ``err.message``: words another library wrote in English."""
    if isinstance(node, ast.Call) and _called(node) == "str":
        return True
    return isinstance(node, ast.Attribute) and node.attr == "message"


def _has_fstring(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.BinOp) and
                                               (_has_fstring(node.left) or _has_fstring(node.right)))


def _problem_factories(path: Path) -> dict[str, int]:
    """The functions of ``path`` that pass one of their arguments on as a ``Problem``'s message, and its position."""
    out = {}
    for fn, _texts in _functions(path):
        params = [a.arg for a in fn.args.args]
        for call in ast.walk(fn):
            if isinstance(call, ast.Call) and _called(call) == "Problem" and len(call.args) >= 3:
                msg = call.args[2]
                if isinstance(msg, ast.Name) and msg.id in params:  # a method is called without its self
                    out[fn.name] = params.index(msg.id) - (params[:1] in (["self"], ["cls"]))
    return out


#: Plugin-facing modules: an object a plugin builds wrong is refused in the words ``villagescore plugins`` shows.
_PLUGIN_FACING = ("objects/", "authoring.py")


def _english_only_value_errors(path: Path) -> list[str]:
    """``raise ValueError(text)`` in a module whose errors a plugin's author reads through the command line."""
    return _english_only_raises(path, {"ValueError", "TypeError"})


def test_problems_are_said_in_the_run_s_language():
    found = [hit for path in _core_files() for hit in _english_only_problems(path)]
    assert not found, "\n".join(found)


def test_plugin_objects_are_refused_in_the_run_s_language():
    found = [hit for path in _core_files() if str(path.relative_to(CORE)).startswith(_PLUGIN_FACING)
             for hit in _english_only_value_errors(path)]
    assert not found, "\n".join(found)


def test_the_english_only_detector_finds_what_it_looks_for(tmp_path, monkeypatch):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(x):\n"
                      "    msg = f'bad {x}'\n"
                      "    raise OutputError(msg)\n"
                      "    raise VillageScoreError('plain ' + x)\n"
                      "    raise TargetsError([Problem('f', '', f'bad {x}')])\n"
                      "    raise said(OutputError, N_('said {x}'), x=x)\n"
                      "    raise TargetsError([problem('f', '', N_('said {x}'), params={'x': x})])\n"
                      "    raise ValueError(f'for developers {x}')\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CORE", tmp_path)
    assert [h.split(":")[1] for h in _english_only_raises(sample, _user_errors())] == ["3", "4", "5"]
    assert [h.split(":")[1] for h in _english_only_problems(sample)] == ["5"]
    assert [h.split(":")[1] for h in _english_only_value_errors(sample)] == ["8"]


def test_the_english_only_detector_finds_messages_passed_on(tmp_path, monkeypatch):
    """What the audit found in English: helpers that build the error, jsonschema's words, f-string templates."""
    sample = tmp_path / "sample.py"
    sample.write_text("def _error(name, where, message):\n"
                      "    return DocumentError([Problem(name, where, message)])\n"
                      "def _invalid(name, allowed):\n"
                      "    return EnvironmentVariableError(f'{name} is not valid: {allowed}')\n"
                      "def f(err, exc, x):\n"
                      "    raise _error('f', '', 'the file is empty')\n"
                      "    raise _error('f', '', N_('the file is empty'))\n"
                      "    problems.append(Problem('f', '$', err.message))\n"
                      "    problems.append(Problem('f', '$', str(exc)))\n"
                      "    problem(path, f'by_field {x!r} is not a registered category field')\n"
                      "    problem(path, N_('by_field {field!r} is not registered'), params={'field': x})\n"
                      "    problem('f', f'row {x}', N_('column {column!r} is empty'), params={'column': x})\n",
                      encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CORE", tmp_path)
    assert [h.split(":")[1] for h in _english_only_raises(sample, _user_errors())] == ["4"]
    assert sorted((h.split(":")[1] for h in _english_only_problems(sample)), key=int) == ["6", "8", "9", "10"]


#: The functions that say a sentence in one language, fixed when they are called (the run's, unless given).
_TRANSLATORS = {"gettext", "ngettext", "t", "tr", "message"}


def _translated_raises(path: Path, errors: set[str]) -> list[str]:
    """A user-facing error built from words already translated: ``SomeError(gettext(…).format(…))``.

    Its ``str()`` is then in the language of the moment (Vietnamese on a Vietnamese machine) and
    ``text("en")`` cannot say it in English: ``said(SomeError, N_(template), **values)`` keeps the
    template. A translation asked explicitly in English (``tr(key, "en")``) is the English message; an
    error class's own ``super().__init__(…)`` is held to the same rule. Click's errors are the command
    line's own, shown in the run's language by click alone: not user errors here.
    """

    def translating(call: ast.Call) -> bool:
        given = [*call.args[1:], *(k.value for k in call.keywords)]
        return _called(call) in _TRANSLATORS and not any(isinstance(a, ast.Constant) and a.value == "en" for a in given)

    found = []
    for fn, _texts in _functions(path):
        names: set[str] = set()

        def translated(node: ast.AST) -> bool:
            return any((isinstance(c, ast.Call) and translating(c)) or (isinstance(c, ast.Name) and c.id in names)  # noqa: B023
                       for c in ast.walk(node))

        for _ in range(3):  # msg = gettext(…); text = msg + …
            names |= {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and translated(n.value)
                      for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and (_called(node) in errors or _called(node) == "__init__") and \
                    any(translated(a) for a in node.args):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_user_facing_errors_keep_their_english_template():
    """No error is raised in the words of the moment: its ``str()`` is English, ``text(lang)`` any language."""
    found = [hit for path in _core_files() for hit in _translated_raises(path, _user_errors())]
    assert not found, "\n".join(found)


def test_the_translated_error_detector_finds_what_it_looks_for(tmp_path, monkeypatch):
    """What the audit found: messages translated, then raised (compare, villages, an error's own head)."""
    sample = tmp_path / "sample.py"
    sample.write_text(textwrap.dedent("""\
        def f(path, exc, key):
            msg = gettext('cannot read {path}: {reason}').format(path=path, reason=exc)
            raise VillageScoreError(msg)
            raise VillageChoiceError(gettext('no village {v!r}').format(v=key))
            raise OutputError(message('refusing to write {output}', output=path))
            raise said(VillageScoreError, N_('cannot read {path}'), path=path)
            raise StoreError(tr(key, 'en'))
            raise click.UsageError(message('give either DATASET or --store'))
        class E(VillageScoreError):
            def __init__(self, n):
                head = gettext('invalid: {n} problem(s)').format(n=n)
                super().__init__(head)
        """), encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CORE", tmp_path)
    assert [h.split(":")[1] for h in _translated_raises(sample, _user_errors())] == ["3", "4", "5", "12"]


def test_exceptions_live_in_errors_py():
    """Every user-facing exception is defined in villagescore.errors (old modules import it back)."""
    found = {}
    for path in _core_files():
        name = str(path.relative_to(CORE))
        if name == "errors.py" or name in _OTHER_ERRORS:
            continue
        # private control-flow signals (_Refused) and warning categories are not user-facing errors
        classes = [c for c in _classes_deriving(path, _EXCEPTION_BASES)
                   if not c.startswith("_") and not c.endswith("Warning")]
        if classes:
            found[name] = classes
    assert not found, f"exception classes outside errors.py: {found}"


def test_one_json_rounding_rule():
    """JSON numbers are rounded by villagescore.numbers alone (no ``0.0 if r == 0`` copies)."""
    copies = [str(p.relative_to(CORE)) for p in _core_files()
              if p.name != "numbers.py" and "0.0 if r == 0" in p.read_text(encoding="utf-8")]
    assert not copies, f"JSON rounding written again in {copies}: call villagescore.numbers.json_number"


def test_one_atomic_writer():
    """Files are replaced atomically by villagescore.outputs alone (atomic_write, atomic_stream)."""
    pattern = ("os.replace(", "tempfile.mkstemp(", "NamedTemporaryFile(")
    copies = [str(p.relative_to(CORE)) for p in _core_files()
              if p.name != "outputs.py" and any(s in p.read_text(encoding="utf-8") for s in pattern)]
    assert not copies, f"an atomic writer written again in {copies}: use villagescore.outputs.atomic_write"

"""Dicts where the API takes structs, in lists and maps too.

jsii's generated Python turns a dict into its struct class only where a parameter or a field is
typed as that struct itself. Inside a list or a map the dict crosses to JavaScript as a plain map,
and the jsii kernel keeps only the keys that are the struct's camelCase names: a snake_case key
("api_groups", "mount_path") vanished on the way, and the library filled the field with its
default (aws/jsii#1919, cdk8s-team/cdk8s#2169).

``accept_struct_dicts`` wraps the constructors and methods of this package's classes and the
constructors of its structs. Before the call, every argument is walked along its declared type, and
every dict found where a struct is declared, at any depth, becomes that struct's class: its keys
may be the Python names (snake_case) or the jsii names (camelCase). Any other key is refused with a
TypeError naming the key and the accepted ones, so a misspelt field never silently becomes a
default. The package's jsii-pacmak output ends by calling it (scripts/package-python.ts).
"""

import collections.abc
import enum
import functools
import inspect
import typing

_NONE = type(None)
_LISTS = (list, tuple, collections.abc.Sequence, collections.abc.MutableSequence)
_MAPS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def _is_struct(tp: typing.Any) -> bool:
    return isinstance(tp, type) and getattr(tp, "__jsii_name_mapping__", None) is not None


@functools.lru_cache(maxsize=None)
def _hints(fn: typing.Callable[..., typing.Any]) -> typing.Dict[str, typing.Any]:
    try:
        return typing.get_type_hints(fn)
    except Exception:
        # A hint that cannot be resolved is left alone: that argument is passed as given.
        return {}


@functools.lru_cache(maxsize=None)
def _involves_struct(hint: typing.Any) -> bool:
    """Whether a value of this declared type can hold a struct somewhere."""
    if _is_struct(hint):
        return True
    return any(_involves_struct(arg) for arg in typing.get_args(hint) if not isinstance(arg, (str, int)))


def _field_hints(cls: type) -> typing.Dict[str, typing.Any]:
    return _hints(cls.__init__)


def _accepted(cls: type) -> str:
    names = cls.__jsii_name_mapping__
    return ", ".join(py if py == js else f"{py} ({js})" for py, js in names.items())


class _Where:
    """Where a value sits, for the error message: the construct path (or call) and the prop."""

    def __init__(self, owner: typing.Callable[[], str], prop: str) -> None:
        self.owner = owner
        self.prop = prop

    def at(self, suffix: str) -> "_Where":
        return _Where(self.owner, self.prop + suffix)


def _from_dict(cls: type, value: typing.Mapping[str, typing.Any], where: _Where) -> typing.Any:
    """The struct `cls` built from a dict of its Python or jsii field names."""
    names = cls.__jsii_name_mapping__
    python_names = {js: py for py, js in names.items()}
    hints = _field_hints(cls)
    kwargs: typing.Dict[str, typing.Any] = {}
    for key, item in value.items():
        field = key if key in names else python_names.get(key)
        if field is None or field in kwargs:
            problem = (
                f"names the field {field} twice (received '{key}' next to its other spelling)"
                if field is not None
                else f"has a key that is not a field of {cls.__name__} (received '{key}')"
            )
            raise TypeError(
                f"{where.owner()}: '{where.prop}' {problem}. Allowed: {_accepted(cls)}. "
                f"Fix: use each field once, by its Python (snake_case) or jsii (camelCase) name, "
                f"or build it with {cls.__module__.split('.')[0]}.{cls.__name__}(...)"
            )
        kwargs[field] = _convert(item, hints.get(field), where.at(f".{field}"))
    return cls(**kwargs)


def _walk_struct(value: typing.Any, where: _Where) -> typing.Any:
    """The struct instance, rebuilt if a dict inside it had to become a struct."""
    cls = type(value)
    hints = _field_hints(cls)
    values = getattr(value, "_values", None)
    if not isinstance(values, dict):
        return value
    converted = {field: _convert(item, hints.get(field), where.at(f".{field}")) for field, item in values.items()}
    if all(converted[field] is values[field] for field in values):
        return value
    return cls(**converted)


def _convert(value: typing.Any, hint: typing.Any, where: _Where) -> typing.Any:
    """`value` with every dict that stands for a struct of the declared type made that struct."""
    if value is None or hint is None or not _involves_struct(hint):
        return value
    if _is_struct(hint):
        if isinstance(value, dict):
            return _from_dict(hint, value, where)
        if isinstance(value, hint):
            return _walk_struct(value, where)
        return value
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        options = [arg for arg in args if arg is not _NONE]
        structs = [arg for arg in options if _is_struct(arg)]
        if isinstance(value, dict) and len(structs) == 1:
            # jsii declares a struct argument as Union[TheStruct, Dict[str, Any]].
            return _from_dict(structs[0], value, where)
        for option in options:
            if _is_struct(option) and isinstance(value, option):
                return _walk_struct(value, where)
        for option in options:
            origin_of = typing.get_origin(option)
            if (origin_of in _LISTS and isinstance(value, (list, tuple))) or (origin_of in _MAPS and isinstance(value, dict)):
                return _convert(value, option, where)
        return value
    if origin in _LISTS and args and isinstance(value, (list, tuple)):
        items = [_convert(item, args[0], where.at(f"[{i}]")) for i, item in enumerate(value)]
        return value if all(a is b for a, b in zip(items, value)) else items
    if origin in _MAPS and len(args) == 2 and isinstance(value, dict):
        items = {key: _convert(item, args[1], where.at(f"[{key!r}]")) for key, item in value.items()}
        return value if all(items[key] is value[key] for key in value) else items
    return value


def _owner(qualname: str, params: typing.List[str], args: tuple, kwargs: dict) -> typing.Callable[[], str]:
    """The construct path the call is about (scope path/id, or the object's), else the call."""

    def owner() -> str:
        bound = dict(zip(params, args))
        bound.update(kwargs)
        try:
            scope, id = bound.get("scope"), bound.get("id")
            if scope is not None and isinstance(id, str):
                return f"{scope.node.path}/{id}"
            node = getattr(bound.get("self"), "node", None)
            if node is not None:
                return node.path
        except Exception:
            pass
        return qualname

    return owner


def _accepting(fn: typing.Callable[..., typing.Any]) -> typing.Callable[..., typing.Any]:
    """`fn`, taking dicts (snake_case or camelCase keys) wherever it declares structs."""
    plan: typing.Optional[typing.List[typing.Tuple[typing.Optional[int], str, typing.Any]]] = None
    params: typing.List[str] = []

    @functools.wraps(fn)
    def accepting(*args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        nonlocal plan, params
        if plan is None:
            signature = inspect.signature(fn)
            params = list(signature.parameters)
            hints = _hints(fn)
            plan = []
            for index, (name, param) in enumerate(signature.parameters.items()):
                hint = hints.get(name)
                if hint is not None and _involves_struct(hint):
                    positional = param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
                    plan.append((index if positional else None, name, hint))
        if plan:
            owner = _owner(fn.__qualname__, params, args, kwargs)
            args = list(args)
            for index, name, hint in plan:
                if name in kwargs:
                    kwargs[name] = _convert(kwargs[name], hint, _Where(owner, name))
                elif index is not None and index < len(args):
                    args[index] = _convert(args[index], hint, _Where(owner, name))
        return fn(*args, **kwargs)

    return accepting


def accept_struct_dicts(namespace: typing.Dict[str, typing.Any]) -> None:
    """Makes the classes defined in `namespace` (a module's globals) take dicts for structs."""
    module = namespace.get("__name__")
    for cls in list(namespace.values()):
        if not isinstance(cls, type) or cls.__module__ != module or getattr(cls, "__jsii_type__", None) is None or issubclass(cls, enum.Enum):
            continue
        for name, member in list(vars(cls).items()):
            if name != "__init__" and (name.startswith("_") or _is_struct(cls)):
                continue
            if isinstance(member, (classmethod, staticmethod)):
                wrapped = type(member)(_accepting(member.__func__))
                # jsii.member marks the classmethod itself with its jsii name.
                for attribute, value in vars(member).items():
                    if attribute != "__wrapped__":
                        setattr(wrapped, attribute, value)
                setattr(cls, name, wrapped)
            elif inspect.isfunction(member):
                setattr(cls, name, _accepting(member))

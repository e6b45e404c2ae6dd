"""Calls into the package from Python: dicts where the API takes structs, in lists and maps too.

jsii's generated Python turns a dict into its struct class only where a parameter or a field is
typed as that struct itself. Inside a list or a map the dict crosses to JavaScript as a plain map,
and the jsii kernel keeps only the keys that are the struct's camelCase names: a snake_case key
("api_groups", "mount_path") vanished on the way, and the library filled the field with its
default (aws/jsii#1919, cdk8s-team/cdk8s#2169).

``accept_calls`` wraps the constructors and methods of this package's classes. Before the call,
every argument is walked along its declared type, and every dict found where a struct is declared,
at any depth, is checked against that struct's fields: its keys may be the Python names
(snake_case) or the jsii names (camelCase). Any other key is refused with a TypeError naming the
key and the accepted ones, so a misspelt field never silently becomes a default. A dict given for
a struct parameter becomes the struct's class, as jsii's own code would make it; a dict inside a
list, a map or another dict is handed on with the jsii names, which the kernel reads as the struct
(building a class there would only add type checks the dict's contents went through here).

It also makes the generated code type-check only the arguments given: it checked every keyword
argument, some sixty for a DaemonSet's props, though None always passes for an optional one.

The package's jsii-pacmak output ends by calling it (scripts/package-python.ts).
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


Converter = typing.Callable[[typing.Any, "_Where", bool], typing.Any]


class _Struct:
    """What the conversion needs of a struct class, worked out once per class."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.names: typing.Dict[str, str] = dict(cls.__jsii_name_mapping__)
        self.python_names = {js: py for py, js in self.names.items()}
        # Only the fields that can hold a struct are walked; the others are handed on as given.
        self.converters: typing.Dict[str, Converter] = {}
        for field, hint in _hints(cls.__init__).items():
            converter = _converter(hint) if field in self.names else None
            if converter is not None:
                self.converters[field] = converter

    def accepted(self) -> str:
        return ", ".join(py if py == js else f"{py} ({js})" for py, js in self.names.items())


@functools.lru_cache(maxsize=None)
def _struct(cls: type) -> _Struct:
    return _Struct(cls)


class _Where:
    """Where a value sits, for the error message (worked out only for one): the construct path (or
    the call) and the prop."""

    def __init__(self, owner: typing.Callable[[], str], parent: typing.Optional["_Where"], part: str) -> None:
        self.owner = owner
        self.parent = parent
        self.part = part

    def at(self, part: str) -> "_Where":
        return _Where(self.owner, self, part)

    @property
    def prop(self) -> str:
        return (self.parent.prop if self.parent else "") + self.part


def _from_dict(cls: type, value: typing.Mapping[str, typing.Any], where: _Where, top: bool) -> typing.Any:
    """The struct `cls` from a dict of its Python or jsii field names: its class where `top` (where
    jsii's generated code takes the struct), else a dict of its jsii names."""
    struct = _struct(cls)
    fields: typing.Dict[str, typing.Any] = {}
    for key, item in value.items():
        field = key if key in struct.names else struct.python_names.get(key)
        if field is None or field in fields:
            problem = (
                f"names the field {field} twice (received '{key}' next to its other spelling)"
                if field is not None
                else f"has a key that is not a field of {cls.__name__} (received '{key}')"
            )
            raise TypeError(
                f"{where.owner()}: '{where.prop}' {problem}. Allowed: {struct.accepted()}. "
                f"Fix: use each field once, by its Python (snake_case) or jsii (camelCase) name, "
                f"or build it with {cls.__module__.split('.')[0]}.{cls.__name__}(...)"
            )
        converter = struct.converters.get(field)
        # A class's struct fields are upcast by jsii's code (Python names); a dict's are read by the kernel.
        fields[field] = item if converter is None or item is None else converter(item, where.at(f".{field}"), top)
    if top:
        return cls(**fields)
    return {struct.names[field]: item for field, item in fields.items()}


def _walk_struct(value: typing.Any, where: _Where) -> typing.Any:
    """The struct instance, rebuilt if a dict inside it had to change."""
    struct = _struct(type(value))
    values = getattr(value, "_values", None)
    if not isinstance(values, dict):
        return value
    converted = None
    for field, converter in struct.converters.items():
        item = values.get(field)
        if item is not None:
            new = converter(item, where.at(f".{field}"), True)
            if new is not item:
                converted = converted or dict(values)
                converted[field] = new
    return value if converted is None else struct.cls(**converted)


@functools.lru_cache(maxsize=None)
def _converter(hint: typing.Any) -> typing.Optional[Converter]:
    """A function that converts a value of the declared type (see the module's comment), worked out
    once per type; None where the type can hold no struct. Its `top` argument: the value goes where
    jsii's generated code takes a struct (a parameter, a struct class's field), not inside a list, a
    map or a dict."""
    if not _involves_struct(hint):
        return None
    if _is_struct(hint):
        cls = hint

        def struct(value: typing.Any, where: _Where, top: bool) -> typing.Any:
            if isinstance(value, dict):
                return _from_dict(cls, value, where, top)
            if isinstance(value, cls):
                return _walk_struct(value, where)
            return value

        return struct
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        options = [arg for arg in args if arg is not _NONE]
        structs = [arg for arg in options if _is_struct(arg)]
        collections_ = [(option, _converter(option)) for option in options if typing.get_origin(option) in _LISTS + _MAPS]

        def union(value: typing.Any, where: _Where, top: bool) -> typing.Any:
            if isinstance(value, dict) and len(structs) == 1:
                # jsii declares a struct argument as Union[TheStruct, Dict[str, Any]].
                return _from_dict(structs[0], value, where, top)
            for option in structs:
                if isinstance(value, option):
                    return _walk_struct(value, where)
            for option, converter in collections_:
                if converter is not None and isinstance(value, (list, tuple) if typing.get_origin(option) in _LISTS else dict):
                    return converter(value, where, top)
            return value

        return union
    if origin in _LISTS and args:
        element = _converter(args[0])

        def sequence(value: typing.Any, where: _Where, top: bool) -> typing.Any:
            if not isinstance(value, (list, tuple)) or element is None:
                return value
            items = [item if item is None else element(item, where.at(f"[{i}]"), False) for i, item in enumerate(value)]
            return value if all(a is b for a, b in zip(items, value)) else items

        return sequence
    if origin in _MAPS and len(args) == 2:
        element = _converter(args[1])

        def mapping(value: typing.Any, where: _Where, top: bool) -> typing.Any:
            if not isinstance(value, dict) or element is None:
                return value
            items = {key: item if item is None else element(item, where.at(f"[{key!r}]"), False) for key, item in value.items()}
            return value if all(items[key] is value[key] for key in value) else items

        return mapping
    return None


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
    plan: typing.Optional[typing.List[typing.Tuple[typing.Optional[int], str, Converter]]] = None
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
                converter = _converter(hints[name]) if name in hints else None
                if converter is not None:
                    positional = param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
                    plan.append((index if positional else None, name, converter))
        if plan:
            owner = _owner(fn.__qualname__, params, args, kwargs)
            args = list(args)
            for index, name, converter in plan:
                if name in kwargs:
                    if kwargs[name] is not None:
                        kwargs[name] = converter(kwargs[name], _Where(owner, None, name), True)
                elif index is not None and index < len(args) and args[index] is not None:
                    args[index] = converter(args[index], _Where(owner, None, name), True)
        return fn(*args, **kwargs)

    return accepting


def accept_calls(namespace: typing.Dict[str, typing.Any]) -> None:
    """Makes the constructors and methods of the classes defined in `namespace` (a module's globals)
    take dicts for structs, and type-check only the arguments given. Struct classes are left as jsii
    made them: what they hold is walked when it is handed to a constructor or method."""
    module = namespace.get("__name__")
    # jsii's generated code type-checks every keyword argument, given or not: a DaemonSet's props
    # are some sixty. None always passes for an optional one, so only the arguments given are
    # checked (a None for a required one still fails as before).
    if callable(namespace.get("check_type")):
        namespace["check_type"] = _given_only(namespace["check_type"])
    for cls in list(namespace.values()):
        if (
            not isinstance(cls, type)
            or cls.__module__ != module
            or getattr(cls, "__jsii_type__", None) is None
            or issubclass(cls, enum.Enum)
            or _is_struct(cls)
        ):
            continue
        for name, member in list(vars(cls).items()):
            if name != "__init__" and name.startswith("_"):
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


@functools.lru_cache(maxsize=None)
def _admits_none(hint: typing.Any) -> bool:
    return hint is typing.Any or (typing.get_origin(hint) is typing.Union and _NONE in typing.get_args(hint))


def _given_only(check_type: typing.Callable[..., typing.Any]) -> typing.Callable[..., typing.Any]:
    @functools.wraps(check_type)
    def check(argname: str, value: typing.Any, expected_type: typing.Any) -> typing.Any:
        if value is None and _admits_none(expected_type):
            return None
        return check_type(argname=argname, value=value, expected_type=expected_type)

    return check

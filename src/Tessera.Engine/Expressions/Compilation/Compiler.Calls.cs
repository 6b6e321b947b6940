using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Parsing;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>Calls: method calls, plain calls, <c>new</c>; arguments go through stack buffers when there are three or fewer.</summary>
internal sealed partial class Compiler
{
    private delegate JsValue Invoke(JsValue target, ReadOnlySpan<JsValue> args);

    private Code CompileCall(CallExpr c, bool inChain)
    {
        var optionalCall = c.Optional;
        switch (c.Callee)
        {
            case MemberExpr m:
            {
                var name = m.Name;
                if (Security.IsBlocked(name))
                {
                    throw Security.Denied(name);
                }

                var target = CompileExpr(m.Object, inChain);
                var memberOptional = m.Optional;
                Invoke invoke = !inChain
                    ? (t, a) => Members.CallMethod(t, name, a)
                    : (t, a) =>
                    {
                        if (ReferenceEquals(t.Reference, ChainMarkerObject) || (memberOptional && t.IsNullish))
                        {
                            return ChainMarker;
                        }

                        if (optionalCall)
                        {
                            var f = Members.Get(t, name);
                            return f.IsNullish ? ChainMarker : Members.Call(f, t, a, name);
                        }

                        return Members.CallMethod(t, name, a);
                    };
                return WithArguments(target, c.Args, invoke);
            }

            case IndexExpr ix:
            {
                var target = CompileExpr(ix.Object, inChain);
                var key = CompileExpr(ix.Index);
                var memberOptional = ix.Optional;
                // The key is evaluated with the receiver so the argument buffer stays a plain span.
                Code pair = env =>
                {
                    var t = target(env);
                    if (ReferenceEquals(t.Reference, ChainMarkerObject) || (inChain && memberOptional && t.IsNullish))
                    {
                        return ChainMarker;
                    }

                    var kv = key(env);
                    if (kv.Kind == JsKind.Host && kv.Reference is JsSymbol symbol)
                    {
                        // Symbol keys have no string name: resolve the method now (e.g. arr[Symbol.iterator]()).
                        return JsValue.FromHost(new PendingMethod(t, symbol.ToString()) { Resolved = Members.GetComputed(t, kv) });
                    }

                    var k = Ops.ToKey(kv);
                    Security.CheckMember(k);
                    return JsValue.FromHost(new PendingMethod(t, k));
                };
                return WithArguments(pair, c.Args, (p, a) =>
                {
                    if (ReferenceEquals(p.Reference, ChainMarkerObject))
                    {
                        return ChainMarker;
                    }

                    var pending = (PendingMethod)p.Reference!;
                    if (pending.Resolved is { } resolved)
                    {
                        return optionalCall && resolved.IsNullish ? ChainMarker : Members.Call(resolved, pending.Target, a, pending.Name);
                    }

                    if (optionalCall)
                    {
                        var f = Members.Get(pending.Target, pending.Name);
                        return f.IsNullish ? ChainMarker : Members.Call(f, pending.Target, a, pending.Name);
                    }

                    return Members.CallMethod(pending.Target, pending.Name, a);
                });
            }

            default:
            {
                var callee = CompileExpr(c.Callee, inChain);
                var name = c.Callee is Ident id ? id.Name : null;
                return WithArguments(callee, c.Args, (f, a) =>
                {
                    if (ReferenceEquals(f.Reference, ChainMarkerObject) || (optionalCall && f.IsNullish))
                    {
                        return ChainMarker;
                    }

                    return Members.Call(f, JsValue.Undefined, a, name);
                });
            }
        }
    }

    private Code CompileNew(NewExpr n)
    {
        var callee = CompileExpr(n.Callee);
        var name = n.Callee is Ident id ? id.Name : "expression";
        return WithArguments(callee, n.Args, (f, a) =>
        {
            if (f.Reference is NativeFunction { Construct: { } construct })
            {
                return construct(JsValue.Undefined, a);
            }

            if (f.Reference is Dates.IJsConstructor constructor)
            {
                return constructor.Construct(a);
            }

            throw JsThrow.TypeError($"{name} is not a constructor");
        });
    }

    private Code WithArguments(Code target, Expr[] argExprs, Invoke invoke)
    {
        if (argExprs.Any(a => a is SpreadExpr))
        {
            var parts = argExprs.Select(a => a is SpreadExpr s ? CompileExpr(s.Argument) : CompileExpr(a)).ToArray();
            var spread = argExprs.Select(a => a is SpreadExpr).ToArray();
            return env =>
            {
                var t = target(env);
                var list = new JsArray(parts.Length);
                for (var i = 0; i < parts.Length; i++)
                {
                    var v = parts[i](env);
                    if (spread[i])
                    {
                        Iteration.AddAll(list, v);
                    }
                    else
                    {
                        list.Add(v);
                    }
                }

                return invoke(t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list.Items));
            };
        }

        var args = argExprs.Select(CompileExpr).ToArray();
        switch (args.Length)
        {
            case 0:
                return env => invoke(target(env), ReadOnlySpan<JsValue>.Empty);
            case 1:
            {
                var a0 = args[0];
                return env =>
                {
                    var t = target(env);
                    Args3 buffer = default;
                    buffer[0] = a0(env);
                    return invoke(t, ((ReadOnlySpan<JsValue>)buffer)[..1]);
                };
            }

            case 2:
            {
                var a0 = args[0];
                var a1 = args[1];
                return env =>
                {
                    var t = target(env);
                    Args3 buffer = default;
                    buffer[0] = a0(env);
                    buffer[1] = a1(env);
                    return invoke(t, ((ReadOnlySpan<JsValue>)buffer)[..2]);
                };
            }

            case 3:
            {
                var a0 = args[0];
                var a1 = args[1];
                var a2 = args[2];
                return env =>
                {
                    var t = target(env);
                    Args3 buffer = default;
                    buffer[0] = a0(env);
                    buffer[1] = a1(env);
                    buffer[2] = a2(env);
                    return invoke(t, buffer);
                };
            }

            default:
                return env =>
                {
                    var t = target(env);
                    var values = new JsValue[args.Length];
                    for (var i = 0; i < args.Length; i++)
                    {
                        values[i] = args[i](env);
                    }

                    return invoke(t, values);
                };
        }
    }

    /// <summary>A computed method call's receiver and name, carried to the argument stage.</summary>
    private sealed class PendingMethod(JsValue target, string name)
    {
        public JsValue Target { get; } = target;

        public string Name { get; } = name;

        /// <summary>The method when it was looked up by a symbol rather than by name.</summary>
        public JsValue? Resolved { get; init; }
    }
}

using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Parsing;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>Arrow functions, binding patterns and the statements of block bodies.</summary>
internal sealed partial class Compiler
{
    private delegate void Binder(Env env, JsValue value);

    private Code CompileArrow(ArrowFunc f)
    {
        var outer = _scope;
        _scope = new FunctionScope(outer);
        try
        {
            ParamBinder bind;
            if (f.Params.All(p => p is IdentPattern))
            {
                // Common case (x => …, (a, b) => …): parameters are slots 0..n-1.
                foreach (var p in f.Params)
                {
                    _scope.Declare(((IdentPattern)p).Name);
                }

                var n = f.Params.Length;
                bind = (env, args) =>
                {
                    var count = Math.Min(n, args.Length);
                    args[..count].CopyTo(env.Slots);
                };
            }
            else
            {
                var binders = new List<(Binder Bind, bool IsRest)>();
                foreach (var p in f.Params)
                {
                    binders.Add(p is RestPattern rest ? (CompileBinding(rest.Target, declare: true), true) : (CompileBinding(p, declare: true), false));
                }

                var list = binders.ToArray();
                bind = (env, args) =>
                {
                    for (var i = 0; i < list.Length; i++)
                    {
                        if (list[i].IsRest)
                        {
                            var rest = new JsArray();
                            for (var j = i; j < args.Length; j++)
                            {
                                rest.Add(args[j]);
                            }

                            list[i].Bind(env, JsValue.FromArray(rest));
                        }
                        else
                        {
                            list[i].Bind(env, Args.At(args, i));
                        }
                    }
                };
            }

            Code? exprBody = null;
            Runtime.Stmt? blockBody = null;
            if (f.ExprBody is not null)
            {
                exprBody = CompileExpr(f.ExprBody);
            }
            else
            {
                blockBody = CompileStatements(f.BlockBody!);
            }

            var template = new ArrowTemplate
            {
                SlotCount = _scope.SlotCount,
                Bind = bind,
                ExpressionBody = exprBody,
                BlockBody = blockBody,
                ParameterCount = f.Params.Count(p => p is IdentPattern or ArrayPattern or ObjectPattern),
            };
            return env => JsValue.FromHost(new ArrowFunction(template, env));
        }
        finally
        {
            _scope = outer;
        }
    }

    private Binder CompileBinding(Pattern pattern, bool declare)
    {
        switch (pattern)
        {
            case IdentPattern id:
            {
                if (declare)
                {
                    var slot = _scope.Declare(id.Name);
                    return (env, v) => env.Slots[slot] = v;
                }

                var reference = CompileReference(new Ident(id.Pos, id.Name));
                return (env, v) => reference.Write(env, default, default, v);
            }

            case DefaultPattern d:
            {
                var fallback = CompileExpr(d.Default);
                var target = CompileBinding(d.Target, declare);
                return (env, v) => target(env, v.IsUndefined ? fallback(env) : v);
            }

            case ArrayPattern a:
            {
                var elements = a.Elements.Select(e => e switch
                {
                    null => ((Binder?)null, false),
                    RestPattern r => (CompileBinding(r.Target, declare), true),
                    _ => (CompileBinding(e, declare), false),
                }).ToArray();
                return (env, v) =>
                {
                    var items = Iteration.ToList(v);
                    for (var i = 0; i < elements.Length; i++)
                    {
                        var (bind, rest) = elements[i];
                        if (bind is null)
                        {
                            continue;
                        }

                        if (rest)
                        {
                            bind(env, JsValue.FromArray(new JsArray(items.Skip(i))));
                        }
                        else
                        {
                            bind(env, i < items.Count ? items[i] : JsValue.Undefined);
                        }
                    }
                };
            }

            case ObjectPattern o:
            {
                var props = o.Properties.Select(p =>
                {
                    if (p.Key is not null)
                    {
                        Security.CheckMember(p.Key);
                    }

                    return (p.Key, Computed: p.ComputedKey is null ? null : CompileExpr(p.ComputedKey), Bind: CompileBinding(p.Value, declare), p.IsRest);
                }).ToArray();
                return (env, v) =>
                {
                    if (v.IsNullish)
                    {
                        throw JsThrow.TypeError($"Cannot destructure '{JsConvert.ToString(v)}' as it is {JsConvert.ToString(v)}.");
                    }

                    var used = new List<string>();
                    foreach (var p in props)
                    {
                        if (p.IsRest)
                        {
                            var rest = new JsObject();
                            if (v.TryGetObject() is { } source)
                            {
                                foreach (var (key, value) in source)
                                {
                                    if (!used.Contains(key))
                                    {
                                        rest[key] = value;
                                    }
                                }
                            }

                            p.Bind(env, JsValue.FromObject(rest));
                            continue;
                        }

                        var name = p.Key ?? Ops.ToKey(p.Computed!(env));
                        Security.CheckMember(name);
                        used.Add(name);
                        p.Bind(env, Members.Get(v, name));
                    }
                };
            }

            default:
                throw Error("Invalid binding pattern", pattern.Pos);
        }
    }

    private Runtime.Stmt CompileStatements(Parsing.Stmt[] statements)
    {
        _scope.PushBlock();
        var compiled = statements.Select(CompileStatement).ToArray();
        _scope.PopBlock();
        if (compiled.Length == 1)
        {
            return compiled[0];
        }

        return (Env env, ref JsValue result) =>
        {
            foreach (var s in compiled)
            {
                var c = s(env, ref result);
                if (c != Completion.Normal)
                {
                    return c;
                }
            }

            return Completion.Normal;
        };
    }

    private Runtime.Stmt CompileStatement(Parsing.Stmt statement)
    {
        switch (statement)
        {
            case ExprStmt e:
            {
                var code = CompileExpr(e.Expr);
                return (Env env, ref JsValue _) =>
                {
                    code(env);
                    return Completion.Normal;
                };
            }

            case VarDecl d:
            {
                var parts = d.Declarations.Select(x =>
                {
                    // Declare first so a function can refer to itself (const fact = n => … fact(n - 1)).
                    var bind = CompileBinding(x.Target, declare: true);
                    var init = x.Init is null ? Constant(JsValue.Undefined) : CompileExpr(x.Init);
                    return (Bind: bind, Init: init);
                }).ToArray();
                return (Env env, ref JsValue _) =>
                {
                    foreach (var (bind, init) in parts)
                    {
                        bind(env, init(env));
                    }

                    return Completion.Normal;
                };
            }

            case ReturnStmt r:
            {
                var value = r.Value is null ? Constant(JsValue.Undefined) : CompileExpr(r.Value);
                return (Env env, ref JsValue result) =>
                {
                    result = value(env);
                    return Completion.Return;
                };
            }

            case IfStmt i:
            {
                var test = CompileExpr(i.Test);
                var then = CompileScoped(i.Then);
                var otherwise = i.Else is null ? null : CompileScoped(i.Else);
                return (Env env, ref JsValue result) =>
                    Ops.Truthy(test(env)) ? then(env, ref result) : otherwise is null ? Completion.Normal : otherwise(env, ref result);
            }

            case BlockStmt b:
                return CompileStatements(b.Body);
            case EmptyStmt:
                return (Env _, ref JsValue _) => Completion.Normal;
            case BreakStmt:
                return (Env _, ref JsValue _) => Completion.Break;
            case ContinueStmt:
                return (Env _, ref JsValue _) => Completion.Continue;
            case ThrowStmt t:
            {
                var value = CompileExpr(t.Value);
                return (Env env, ref JsValue _) =>
                {
                    var v = value(env);
                    throw new JsThrow(v, "Uncaught " + JsConvert.ToString(v.IsObject ? v.AsObject()["message"] : v));
                };
            }

            case WhileStmt w:
                return CompileWhile(w);
            case ForStmt f:
                return CompileFor(f);
            case ForOfStmt f:
                return CompileForOf(f);
            case TryStmt t:
                return CompileTry(t);
            default:
                throw new UnsupportedSyntaxException(statement.GetType().Name, statement.Pos);
        }
    }

    private Runtime.Stmt CompileScoped(Parsing.Stmt statement)
    {
        _scope.PushBlock();
        var s = CompileStatement(statement);
        _scope.PopBlock();
        return s;
    }

    private Runtime.Stmt CompileWhile(WhileStmt w)
    {
        var test = CompileExpr(w.Test);
        var body = CompileScoped(w.Body);
        var doWhile = w.DoWhile;
        return (Env env, ref JsValue result) =>
        {
            var state = EvalState.Current;
            var first = doWhile;
            while (first || Ops.Truthy(test(env)))
            {
                first = false;
                state.Step();
                var c = body(env, ref result);
                if (c == Completion.Break)
                {
                    break;
                }

                if (c == Completion.Return)
                {
                    return c;
                }
            }

            return Completion.Normal;
        };
    }

    private Runtime.Stmt CompileFor(ForStmt f)
    {
        _scope.PushBlock();
        var init = f.Init is null ? null : CompileStatement(f.Init);
        var test = f.Test is null ? null : CompileExpr(f.Test);
        var update = f.Update is null ? null : CompileExpr(f.Update);
        var body = CompileScoped(f.Body);
        _scope.PopBlock();
        return (Env env, ref JsValue result) =>
        {
            var state = EvalState.Current;
            init?.Invoke(env, ref result);
            while (test is null || Ops.Truthy(test(env)))
            {
                state.Step();
                var c = body(env, ref result);
                if (c == Completion.Break)
                {
                    break;
                }

                if (c == Completion.Return)
                {
                    return c;
                }

                update?.Invoke(env);
            }

            return Completion.Normal;
        };
    }

    private Runtime.Stmt CompileForOf(ForOfStmt f)
    {
        var iterable = CompileExpr(f.Iterable);
        _scope.PushBlock();
        var bind = CompileBinding(f.Target, declare: f.Kind is not null);
        var body = CompileScoped(f.Body);
        _scope.PopBlock();
        var isIn = f.IsIn;
        return (Env env, ref JsValue result) =>
        {
            var state = EvalState.Current;
            var source = iterable(env);
            var items = isIn ? Iteration.Keys(source) : Iteration.ToList(source);
            foreach (var item in items)
            {
                state.Step();
                bind(env, item);
                var c = body(env, ref result);
                if (c == Completion.Break)
                {
                    break;
                }

                if (c == Completion.Return)
                {
                    return c;
                }
            }

            return Completion.Normal;
        };
    }

    private Runtime.Stmt CompileTry(TryStmt t)
    {
        var block = CompileStatement(t.Block);
        Binder? param = null;
        Runtime.Stmt? handler = null;
        if (t.Handler is not null)
        {
            _scope.PushBlock();
            param = t.CatchParam is null ? null : CompileBinding(t.CatchParam, declare: true);
            handler = CompileStatement(t.Handler);
            _scope.PopBlock();
        }

        var finalizer = t.Finalizer is null ? null : CompileStatement(t.Finalizer);
        return (Env env, ref JsValue result) =>
        {
            try
            {
                return block(env, ref result);
            }
            catch (JsThrow e) when (handler is not null)
            {
                param?.Invoke(env, ErrorValue(e));
                return handler(env, ref result);
            }
            catch (Dates.JsHostException e) when (handler is not null)
            {
                param?.Invoke(env, JsValue.FromObject(new JsObject { ["name"] = e.ErrorName, ["message"] = e.Message }));
                return handler(env, ref result);
            }
            finally
            {
                if (finalizer is not null)
                {
                    var ignored = default(JsValue);
                    finalizer(env, ref ignored);
                }
            }
        };
    }

    private static JsValue ErrorValue(JsThrow e) =>
        e.Value.IsString && e.Value.AsString().Contains("Error: ", StringComparison.Ordinal)
            ? JsValue.FromObject(new JsObject { ["name"] = e.Value.AsString()[..e.Value.AsString().IndexOf(':', StringComparison.Ordinal)], ["message"] = e.Message })
            : e.Value;
}

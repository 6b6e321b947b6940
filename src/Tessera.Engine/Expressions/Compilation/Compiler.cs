using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Parsing;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>
/// Turns a syntax tree into a tree of closures, once per distinct expression. Name resolution, security checks on static
/// member names and literal folding happen here so evaluation does only the work that depends on the item.
/// </summary>
internal sealed partial class Compiler
{
    /// <summary>Marks a short-circuited optional chain while it unwinds to its <see cref="OptionalChain"/>.</summary>
    private static readonly object ChainMarkerObject = new ShortCircuit();
    private static readonly JsValue ChainMarker = JsValue.FromHost(ChainMarkerObject);

    private readonly string _source;
    private FunctionScope _scope = new(null);

    private Compiler(string source) => _source = source;

    public static Code Compile(Expr expr, string source)
    {
        var compiler = new Compiler(source);
        var code = compiler.CompileExpr(expr);
        if (compiler._scope.SlotCount != 0)
        {
            throw new InvalidOperationException("Top-level expressions cannot declare variables.");
        }

        return code;
    }

    private ExpressionException Error(string message, int position) => new(message, _source, position);

    private Code CompileExpr(Expr expr) => CompileExpr(expr, inChain: false);

    private Code CompileExpr(Expr expr, bool inChain)
    {
        switch (expr)
        {
            case NumberLit n:
                return Constant(JsValue.FromNumber(n.Value));
            case BigIntLit big:
                return Constant(JsValue.FromHost(new JsBigInt(big.Value))); // Immutable, so one instance serves every evaluation.
            case StringLit s:
                return Constant(JsValue.FromString(s.Value));
            case BoolLit b:
                return Constant(JsValue.FromBoolean(b.Value));
            case NullLit:
                return Constant(JsValue.Null);
            case ThisExpr:
                return Constant(GlobalObjects.ThisValue);
            case Ident id:
                return CompileIdent(id);
            case TemplateLit t:
                return CompileTemplate(t);
            case TaggedTemplate tt:
                throw new UnsupportedSyntaxException("Tagged templates", tt.Pos);
            case RegexLit r:
                return CompileRegex(r);
            case ArrayLit a:
                return CompileArray(a);
            case ObjectLit o:
                return CompileObject(o);
            case MemberExpr m:
                return CompileMember(m, inChain);
            case IndexExpr i:
                return CompileIndex(i, inChain);
            case CallExpr c:
                return CompileCall(c, inChain);
            case NewExpr n:
                return CompileNew(n);
            case OptionalChain oc:
            {
                var inner = CompileExpr(oc.Chain, inChain: true);
                return env =>
                {
                    var v = inner(env);
                    return ReferenceEquals(v.Reference, ChainMarkerObject) ? JsValue.Undefined : v;
                };
            }

            case UnaryExpr u:
                return CompileUnary(u);
            case UpdateExpr u:
                return CompileUpdate(u);
            case BinaryExpr b:
                return CompileBinary(b);
            case LogicalExpr l:
                return CompileLogical(l);
            case ConditionalExpr c:
            {
                var test = CompileExpr(c.Test);
                var then = CompileExpr(c.Then);
                var otherwise = CompileExpr(c.Else);
                return env => Ops.Truthy(test(env)) ? then(env) : otherwise(env);
            }

            case AssignExpr a:
                return CompileAssign(a);
            case SequenceExpr s:
            {
                var items = s.Items.Select(CompileExpr).ToArray();
                return env =>
                {
                    JsValue last = default;
                    foreach (var item in items)
                    {
                        last = item(env);
                    }

                    return last;
                };
            }

            case ArrowFunc f:
                return CompileArrow(f);
            case SpreadExpr s:
                throw Error("Unexpected '...'", s.Pos);
            default:
                throw new UnsupportedSyntaxException(expr.GetType().Name, expr.Pos);
        }
    }

    private static Code Constant(JsValue value) => _ => value;

    private Code CompileIdent(Ident id)
    {
        var name = id.Name;
        if (_scope.TryResolve(name, out var depth, out var slot))
        {
            return depth switch
            {
                0 => env => env.Slots[slot],
                1 => env => env.Parent!.Slots[slot],
                2 => env => env.Parent!.Parent!.Slots[slot],
                _ => env =>
                {
                    for (var i = 0; i < depth; i++)
                    {
                        env = env.Parent!;
                    }

                    return env.Slots[slot];
                },
            };
        }

        if (Globals.TryGet(name, out var code))
        {
            return code;
        }

        if (Security.IsBlocked(name))
        {
            throw Security.Denied(name);
        }

        return _ => EvalState.Current.ReadImplicit(name);
    }

    private Code CompileTemplate(TemplateLit t)
    {
        if (t.Exprs.Length == 0)
        {
            return Constant(JsValue.FromString(t.Quasis[0]));
        }

        var quasis = t.Quasis;
        var exprs = t.Exprs.Select(CompileExpr).ToArray();
        return env =>
        {
            var sb = new System.Text.StringBuilder(quasis[0]);
            for (var i = 0; i < exprs.Length; i++)
            {
                sb.Append(Ops.Str(Ops.ToPrimitive(exprs[i](env), preferString: true)));
                sb.Append(quasis[i + 1]);
                EvalState.CheckStringLength(sb.Length);
            }

            return JsValue.FromString(sb.ToString());
        };
    }

    private Code CompileRegex(RegexLit r)
    {
        System.Text.RegularExpressions.Regex regex;
        try
        {
            regex = RegExpTranslator.Create(r.Pattern, r.Flags, ExpressionEvaluatorOptions.Default.RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw Error($"Invalid regular expression: /{r.Pattern}/: {e.Message}", r.Pos);
        }

        var pattern = r.Pattern;
        var flags = r.Flags;
        return _ => JsValue.FromHost(new JsRegExp(pattern, flags, regex));
    }

    private Code CompileArray(ArrayLit a)
    {
        var hasSpread = a.Elements.Any(e => e is SpreadExpr);
        var elements = a.Elements.Select(e => e switch
        {
            null => Constant(JsValue.Undefined),
            SpreadExpr s => CompileExpr(s.Argument),
            _ => CompileExpr(e),
        }).ToArray();
        if (!hasSpread)
        {
            return env =>
            {
                var array = new JsArray(elements.Length);
                foreach (var element in elements)
                {
                    array.Add(element(env));
                }

                return JsValue.FromArray(array);
            };
        }

        var spread = a.Elements.Select(e => e is SpreadExpr).ToArray();
        return env =>
        {
            var array = new JsArray(elements.Length);
            for (var i = 0; i < elements.Length; i++)
            {
                var v = elements[i](env);
                if (spread[i])
                {
                    Iteration.AddAll(array, v);
                }
                else
                {
                    array.Add(v);
                }
            }

            return JsValue.FromArray(array);
        };
    }

    private Code CompileObject(ObjectLit o)
    {
        var count = o.Properties.Length;
        var keys = new string?[count];
        var computed = new Code?[count];
        var values = new Code[count];
        var spread = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var p = o.Properties[i];
            if (p.Key is not null)
            {
                Security.CheckMember(p.Key);
            }

            keys[i] = p.Key;
            computed[i] = p.ComputedKey is null ? null : CompileExpr(p.ComputedKey);
            values[i] = CompileExpr(p.Value);
            spread[i] = p.IsSpread;
        }

        return env =>
        {
            var obj = new JsObject(count);
            for (var i = 0; i < count; i++)
            {
                if (spread[i])
                {
                    Iteration.SpreadInto(obj, values[i](env));
                    continue;
                }

                string key;
                if (keys[i] is { } k)
                {
                    key = k;
                }
                else
                {
                    key = Ops.ToKey(computed[i]!(env));
                    Security.CheckMember(key);
                }

                obj.Set(key, values[i](env));
            }

            return JsValue.FromObject(obj);
        };
    }

    private Code CompileMember(MemberExpr m, bool inChain)
    {
        var name = m.Name;
        if (Security.IsBlocked(name))
        {
            throw Security.Denied(name);
        }

        var obj = CompileExpr(m.Object, inChain);
        if (!inChain)
        {
            return env =>
            {
                var target = obj(env);
                if (target.Kind == JsKind.Object && ((JsObject)target.Reference!).TryGetValue(name, out var value))
                {
                    return value;
                }

                return Members.Get(target, name);
            };
        }

        var optional = m.Optional;
        return env =>
        {
            var target = obj(env);
            if (ReferenceEquals(target.Reference, ChainMarkerObject) || (optional && target.IsNullish))
            {
                return ChainMarker;
            }

            return Members.Get(target, name);
        };
    }

    private Code CompileIndex(IndexExpr i, bool inChain)
    {
        var obj = CompileExpr(i.Object, inChain);
        if (i.Index is StringLit s)
        {
            return CompileMember(new MemberExpr(i.Pos, i.Object, s.Value, i.Optional), inChain);
        }

        var index = CompileExpr(i.Index);
        if (!inChain)
        {
            return env => Members.GetComputed(obj(env), index(env));
        }

        var optional = i.Optional;
        return env =>
        {
            var target = obj(env);
            if (ReferenceEquals(target.Reference, ChainMarkerObject) || (optional && target.IsNullish))
            {
                return ChainMarker;
            }

            return Members.GetComputed(target, index(env));
        };
    }

    private sealed class ShortCircuit;
}

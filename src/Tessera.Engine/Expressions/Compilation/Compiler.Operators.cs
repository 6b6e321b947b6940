using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Parsing;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>Unary, binary, logical, assignment and update operators.</summary>
internal sealed partial class Compiler
{
    private Code CompileUnary(UnaryExpr u)
    {
        if (u.Op == "typeof" && u.Operand is Ident id && !_scope.TryResolve(id.Name, out _, out _) && !Globals.TryGet(id.Name, out _))
        {
            return Constant(JsValue.FromString("undefined"));
        }

        if (u.Op == "delete")
        {
            return CompileDelete(u.Operand);
        }

        var operand = CompileExpr(u.Operand);
        return u.Op switch
        {
            "!" => env => JsValue.FromBoolean(!Ops.Truthy(operand(env))),
            "-" => env => Ops.Negate(operand(env), bitwise: false),
            "+" => env => JsValue.FromNumber(Ops.Num(operand(env))),
            "~" => env => Ops.Negate(operand(env), bitwise: true),
            "typeof" => env => JsValue.FromString(Ops.TypeOf(operand(env))),
            "void" => env =>
            {
                operand(env);
                return JsValue.Undefined;
            },
            _ => throw Error($"Unknown operator '{u.Op}'", u.Pos),
        };
    }

    private Code CompileDelete(Expr target)
    {
        switch (target)
        {
            case MemberExpr m:
            {
                var obj = CompileExpr(m.Object);
                var name = m.Name;
                return env => Delete(obj(env), JsValue.FromString(name));
            }

            case IndexExpr i:
            {
                var obj = CompileExpr(i.Object);
                var key = CompileExpr(i.Index);
                return env => Delete(obj(env), key(env));
            }

            default:
            {
                var code = CompileExpr(target);
                return env =>
                {
                    code(env);
                    return JsValue.True;
                };
            }
        }
    }

    private static JsValue Delete(JsValue target, JsValue key)
    {
        switch (target.Kind)
        {
            case JsKind.Object:
                target.AsObject().Remove(Ops.ToKey(key));
                break;
            case JsKind.Array when Ops.ToIndex(key) is var i && i >= 0 && i < target.AsArray().Count:
                target.AsArray()[i] = JsValue.Undefined;
                break;
            case JsKind.Undefined or JsKind.Null:
                throw JsThrow.TypeError($"Cannot convert undefined or null to object");
        }

        return JsValue.True;
    }

    private Code CompileBinary(BinaryExpr b)
    {
        var left = CompileExpr(b.Left);
        var right = CompileExpr(b.Right);
        if (b.Op == "+" && b.Right is NumberLit rn)
        {
            var k = rn.Value;
            return env =>
            {
                var l = left(env);
                return l.Kind == JsKind.Number ? JsValue.FromNumber(l.AsNumber() + k) : Ops.Add(l, JsValue.FromNumber(k));
            };
        }

        if (b.Op == "*" && b.Right is NumberLit mn)
        {
            var k = mn.Value;
            return env =>
            {
                var l = left(env);
                return JsValue.FromNumber((l.Kind == JsKind.Number ? l.AsNumber() : Ops.Num(l)) * k);
            };
        }

        var op = BinaryOperator(b.Op, b.Pos);
        return env =>
        {
            var l = left(env);
            return op(l, right(env));
        };
    }

    private static Func<JsValue, JsValue, JsValue> BitwiseOperator(string op) => op switch
    {
        "&" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToInt32(l.AsNumber()) & Ops.ToInt32(r.AsNumber())) : Ops.ArithmeticSlow(op, l, r),
        "|" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToInt32(l.AsNumber()) | Ops.ToInt32(r.AsNumber())) : Ops.ArithmeticSlow(op, l, r),
        "^" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToInt32(l.AsNumber()) ^ Ops.ToInt32(r.AsNumber())) : Ops.ArithmeticSlow(op, l, r),
        "<<" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToInt32(l.AsNumber()) << (int)(Ops.ToUint32(r.AsNumber()) & 31)) : Ops.ArithmeticSlow(op, l, r),
        ">>" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToInt32(l.AsNumber()) >> (int)(Ops.ToUint32(r.AsNumber()) & 31)) : Ops.ArithmeticSlow(op, l, r),
        _ => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(Ops.ToUint32(l.AsNumber()) >> (int)(Ops.ToUint32(r.AsNumber()) & 31)) : Ops.ArithmeticSlow(op, l, r),
    };

    private Func<JsValue, JsValue, JsValue> BinaryOperator(string op, int position) => op switch
    {
        "+" => Ops.Add,
        // Numbers take the inline path; anything else (coercions, BigInts) goes through Ops.ArithmeticSlow.
        "-" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(l.AsNumber() - r.AsNumber()) : Ops.ArithmeticSlow("-", l, r),
        "*" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(l.AsNumber() * r.AsNumber()) : Ops.ArithmeticSlow("*", l, r),
        "/" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(l.AsNumber() / r.AsNumber()) : Ops.ArithmeticSlow("/", l, r),
        "%" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(l.AsNumber() % r.AsNumber()) : Ops.ArithmeticSlow("%", l, r),
        "**" => (l, r) => l.Kind == JsKind.Number && r.Kind == JsKind.Number ? JsValue.FromNumber(MathBuiltins.Pow(l.AsNumber(), r.AsNumber())) : Ops.ArithmeticSlow("**", l, r),
        "&" or "|" or "^" or "<<" or ">>" or ">>>" => BitwiseOperator(op),
        "==" => (l, r) => JsValue.FromBoolean(Ops.LooseEquals(l, r)),
        "!=" => (l, r) => JsValue.FromBoolean(!Ops.LooseEquals(l, r)),
        "===" => (l, r) => JsValue.FromBoolean(Ops.StrictEquals(l, r)),
        "!==" => (l, r) => JsValue.FromBoolean(!Ops.StrictEquals(l, r)),
        "<" => (l, r) => JsValue.FromBoolean(Ops.LessThan(l, r) == true),
        ">" => (l, r) => JsValue.FromBoolean(Ops.LessThan(r, l) == true),
        "<=" => (l, r) => JsValue.FromBoolean(Ops.LessThan(r, l) == false),
        ">=" => (l, r) => JsValue.FromBoolean(Ops.LessThan(l, r) == false),
        "in" => (l, r) => JsValue.FromBoolean(Members.Has(r, l)),
        "instanceof" => (l, r) => JsValue.FromBoolean(GlobalObjects.InstanceOf(l, r)),
        _ => throw Error($"Unknown operator '{op}'", position),
    };

    private Code CompileLogical(LogicalExpr l)
    {
        var left = CompileExpr(l.Left);
        var right = CompileExpr(l.Right);
        return l.Op switch
        {
            "&&" => env =>
            {
                var v = left(env);
                return Ops.Truthy(v) ? right(env) : v;
            },
            "||" => env =>
            {
                var v = left(env);
                return Ops.Truthy(v) ? v : right(env);
            },
            _ => env =>
            {
                var v = left(env);
                return v.IsNullish ? right(env) : v;
            },
        };
    }

    /// <summary>A place that can be read and written: a variable, a property or an element.</summary>
    private readonly record struct Reference(Func<Env, (JsValue Target, JsValue Key)> Locate, Func<Env, JsValue, JsValue, JsValue> Read, Action<Env, JsValue, JsValue, JsValue> Write);

    private Reference CompileReference(Expr target)
    {
        switch (target)
        {
            case Ident id:
            {
                if (!_scope.TryResolve(id.Name, out var depth, out var slot))
                {
                    if (Globals.TryGet(id.Name, out _))
                    {
                        throw Error($"Cannot assign to '{id.Name}'", id.Pos);
                    }

                    // Sloppy mode: assigning to an undeclared name creates a global (n8n's code snippets rely on it).
                    var name = id.Name;
                    return new Reference(
                        _ => default,
                        (_, _, _) => EvalState.Current.ReadImplicit(name),
                        (_, _, _, v) => EvalState.Current.WriteImplicit(name, v));
                }

                return new Reference(
                    _ => default,
                    (env, _, _) => Frame(env, depth).Slots[slot],
                    (env, _, _, value) => Frame(env, depth).Slots[slot] = value);
            }

            case MemberExpr m:
            {
                Security.CheckMember(m.Name);
                var obj = CompileExpr(m.Object);
                var key = JsValue.FromString(m.Name);
                return new Reference(
                    env => (obj(env), key),
                    (_, t, k) => Members.Get(t, k.AsString()),
                    (_, t, k, v) => Members.Set(t, k.AsString(), v));
            }

            case IndexExpr i:
            {
                var obj = CompileExpr(i.Object);
                var index = CompileExpr(i.Index);
                return new Reference(
                    env => (obj(env), index(env)),
                    (_, t, k) => Members.GetComputed(t, k),
                    (_, t, k, v) => Members.SetComputed(t, k, v));
            }

            default:
                throw Error("Invalid assignment target", target.Pos);
        }
    }

    private static Env Frame(Env env, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            env = env.Parent!;
        }

        return env;
    }

    private Code CompileAssign(AssignExpr a)
    {
        var reference = CompileReference(a.Target);
        var value = CompileExpr(a.Value);
        if (a.Op == "=")
        {
            return env =>
            {
                var (t, k) = reference.Locate(env);
                var v = value(env);
                reference.Write(env, t, k, v);
                return v;
            };
        }

        if (a.Op is "&&=" or "||=" or "??=")
        {
            var op = a.Op;
            return env =>
            {
                var (t, k) = reference.Locate(env);
                var current = reference.Read(env, t, k);
                var assign = op switch
                {
                    "&&=" => Ops.Truthy(current),
                    "||=" => !Ops.Truthy(current),
                    _ => current.IsNullish,
                };
                if (!assign)
                {
                    return current;
                }

                var v = value(env);
                reference.Write(env, t, k, v);
                return v;
            };
        }

        var binary = BinaryOperator(a.Op[..^1], a.Pos);
        return env =>
        {
            var (t, k) = reference.Locate(env);
            var v = binary(reference.Read(env, t, k), value(env));
            reference.Write(env, t, k, v);
            return v;
        };
    }

    private Code CompileUpdate(UpdateExpr u)
    {
        var reference = CompileReference(u.Target);
        var delta = u.Op == "++" ? 1 : -1;
        var prefix = u.Prefix;
        return env =>
        {
            var (t, k) = reference.Locate(env);
            var old = Ops.Num(reference.Read(env, t, k));
            var updated = JsValue.FromNumber(old + delta);
            reference.Write(env, t, k, updated);
            return prefix ? updated : JsValue.FromNumber(old);
        };
    }
}

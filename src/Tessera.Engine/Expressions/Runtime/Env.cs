namespace Tessera.Engine.Expressions.Runtime;

/// <summary>The local variables of one function activation; expressions without locals share <see cref="Empty"/>.</summary>
internal sealed class Env
{
    public static readonly Env Empty = new(null, 0);

    public Env(Env? parent, int slots)
    {
        Parent = parent;
        Slots = slots == 0 ? [] : new Data.JsValue[slots];
    }

    public Env? Parent { get; }

    public Data.JsValue[] Slots { get; }

    /// <summary>The function's <c>this</c>, when called as a method.</summary>
    public Data.JsValue This { get; set; }
}

/// <summary>A compiled expression node.</summary>
internal delegate Data.JsValue Code(Env env);

namespace Tessera.Engine.Data;

/// <summary>A callable value (arrow function, built-in function, bound method).</summary>
public interface IJsCallable
{
    /// <summary>Calls the function with <paramref name="thisValue"/> and <paramref name="arguments"/>.</summary>
    JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments);
}

/// <summary>A host value whose members expressions can read (a DateTime, a Duration, <c>$input</c>…).</summary>
public interface IJsHostObject
{
    /// <summary>The member named <paramref name="name"/> (a property value, or an <see cref="IJsCallable"/> for methods); undefined when absent.</summary>
    JsValue GetMember(string name);

    /// <summary>What <c>typeof</c> returns ("object" for most host values).</summary>
    string TypeOf => "object";
}

namespace Tessera.Engine.Expressions.Parsing;

/// <summary>A syntax tree node; <see cref="Pos"/> is its offset in the expression text (for error messages).</summary>
internal abstract record Node(int Pos);

internal abstract record Expr(int Pos) : Node(Pos);

internal sealed record NumberLit(int Pos, double Value) : Expr(Pos);

internal sealed record BigIntLit(int Pos, System.Numerics.BigInteger Value) : Expr(Pos);

internal sealed record StringLit(int Pos, string Value) : Expr(Pos);

internal sealed record BoolLit(int Pos, bool Value) : Expr(Pos);

internal sealed record NullLit(int Pos) : Expr(Pos);

internal sealed record TemplateLit(int Pos, string[] Quasis, Expr[] Exprs) : Expr(Pos);

internal sealed record TaggedTemplate(int Pos, Expr Tag, TemplateLit Template) : Expr(Pos);

internal sealed record RegexLit(int Pos, string Pattern, string Flags) : Expr(Pos);

internal sealed record Ident(int Pos, string Name) : Expr(Pos);

internal sealed record ThisExpr(int Pos) : Expr(Pos);

internal sealed record ArrayLit(int Pos, Expr?[] Elements) : Expr(Pos);

internal sealed record Property(Expr? ComputedKey, string? Key, Expr Value, bool IsSpread);

internal sealed record ObjectLit(int Pos, Property[] Properties) : Expr(Pos);

internal sealed record SpreadExpr(int Pos, Expr Argument) : Expr(Pos);

internal sealed record MemberExpr(int Pos, Expr Object, string Name, bool Optional) : Expr(Pos);

internal sealed record IndexExpr(int Pos, Expr Object, Expr Index, bool Optional) : Expr(Pos);

internal sealed record CallExpr(int Pos, Expr Callee, Expr[] Args, bool Optional) : Expr(Pos);

internal sealed record NewExpr(int Pos, Expr Callee, Expr[] Args) : Expr(Pos);

/// <summary>Wraps a member/call chain containing <c>?.</c>: a nullish link short-circuits the whole chain to undefined.</summary>
internal sealed record OptionalChain(int Pos, Expr Chain) : Expr(Pos);

internal sealed record UnaryExpr(int Pos, string Op, Expr Operand) : Expr(Pos);

internal sealed record UpdateExpr(int Pos, string Op, bool Prefix, Expr Target) : Expr(Pos);

internal sealed record BinaryExpr(int Pos, string Op, Expr Left, Expr Right) : Expr(Pos);

internal sealed record LogicalExpr(int Pos, string Op, Expr Left, Expr Right) : Expr(Pos);

internal sealed record ConditionalExpr(int Pos, Expr Test, Expr Then, Expr Else) : Expr(Pos);

internal sealed record AssignExpr(int Pos, string Op, Expr Target, Expr Value) : Expr(Pos);

internal sealed record SequenceExpr(int Pos, Expr[] Items) : Expr(Pos);

internal sealed record ArrowFunc(int Pos, Pattern[] Params, Expr? ExprBody, Stmt[]? BlockBody) : Expr(Pos);

/// <summary>Syntax the evaluator does not run itself; compiled into a call to the JavaScript runner.</summary>
internal sealed record Unsupported(int Pos, string What) : Expr(Pos);

// Binding patterns (parameters, declarations, for-of heads).
internal abstract record Pattern(int Pos) : Node(Pos);

internal sealed record IdentPattern(int Pos, string Name) : Pattern(Pos);

internal sealed record DefaultPattern(int Pos, Pattern Target, Expr Default) : Pattern(Pos);

internal sealed record RestPattern(int Pos, Pattern Target) : Pattern(Pos);

internal sealed record ArrayPattern(int Pos, Pattern?[] Elements) : Pattern(Pos);

internal sealed record PatternProperty(string? Key, Expr? ComputedKey, Pattern Value, bool IsRest);

internal sealed record ObjectPattern(int Pos, PatternProperty[] Properties) : Pattern(Pos);

// Statements (inside arrow-function block bodies).
internal abstract record Stmt(int Pos) : Node(Pos);

internal sealed record ExprStmt(int Pos, Expr Expr) : Stmt(Pos);

internal sealed record VarDecl(int Pos, string Kind, (Pattern Target, Expr? Init)[] Declarations) : Stmt(Pos);

internal sealed record ReturnStmt(int Pos, Expr? Value) : Stmt(Pos);

internal sealed record IfStmt(int Pos, Expr Test, Stmt Then, Stmt? Else) : Stmt(Pos);

internal sealed record BlockStmt(int Pos, Stmt[] Body) : Stmt(Pos);

internal sealed record ForStmt(int Pos, Stmt? Init, Expr? Test, Expr? Update, Stmt Body) : Stmt(Pos);

internal sealed record ForOfStmt(int Pos, string? Kind, Pattern Target, Expr Iterable, Stmt Body, bool IsIn) : Stmt(Pos);

internal sealed record WhileStmt(int Pos, Expr Test, Stmt Body, bool DoWhile) : Stmt(Pos);

internal sealed record BreakStmt(int Pos) : Stmt(Pos);

internal sealed record ContinueStmt(int Pos) : Stmt(Pos);

internal sealed record ThrowStmt(int Pos, Expr Value) : Stmt(Pos);

internal sealed record TryStmt(int Pos, BlockStmt Block, Pattern? CatchParam, BlockStmt? Handler, BlockStmt? Finalizer) : Stmt(Pos);

internal sealed record EmptyStmt(int Pos) : Stmt(Pos);

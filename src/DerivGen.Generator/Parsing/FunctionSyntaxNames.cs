using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>How DG0020 names an unsupported construct, and what it suggests instead.</summary>
    internal static class FunctionSyntaxNames
    {
        public static string Describe(SyntaxNode node) => node switch
        {
            WhileStatementSyntax => "A while loop",
            DoStatementSyntax => "A do loop",
            ForEachStatementSyntax or ForEachVariableStatementSyntax => "A foreach loop",
            SwitchStatementSyntax => "A switch statement",
            SwitchExpressionSyntax => "A switch expression",
            BreakStatementSyntax => "A break statement",
            ContinueStatementSyntax => "A continue statement",
            GotoStatementSyntax => "A goto statement",
            LabeledStatementSyntax => "A labeled statement",
            TryStatementSyntax => "A try statement",
            ThrowStatementSyntax or ThrowExpressionSyntax => "A throw",
            ReturnStatementSyntax => "A return without a value",
            LocalFunctionStatementSyntax => "A local function",
            UsingStatementSyntax => "A using statement",
            LockStatementSyntax => "A lock statement",
            YieldStatementSyntax => "A yield statement",
            CheckedStatementSyntax => "A checked block",
            UnsafeStatementSyntax or FixedStatementSyntax => "Unsafe code",
            LambdaExpressionSyntax or AnonymousMethodExpressionSyntax => "A lambda",
            AssignmentExpressionSyntax => "An assignment inside an expression",
            PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax when node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression)
                || node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression) => "An increment inside an expression",
            BinaryExpressionSyntax binary => $"The operator '{binary.OperatorToken.ValueText}'",
            PrefixUnaryExpressionSyntax unary => $"The operator '{unary.OperatorToken.ValueText}'",
            ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax
                or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax => "Creating an object",
            ElementAccessExpressionSyntax => "An element access",
            ThisExpressionSyntax or BaseExpressionSyntax => "An instance member",
            InterpolatedStringExpressionSyntax or LiteralExpressionSyntax => $"The literal '{node}'",
            StatementSyntax => "This statement",
            _ => $"The expression '{Truncate(node.ToString())}'",
        };

        public static string Hint(SyntaxNode node) => node switch
        {
            WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax or GotoStatementSyntax
                or LabeledStatementSyntax => "write it as a for loop with constant bounds",
            SwitchStatementSyntax or SwitchExpressionSyntax => "use if/else or ?:",
            BreakStatementSyntax or ContinueStatementSyntax => "use if/else inside the loop body",
            BinaryExpressionSyntax or PrefixUnaryExpressionSyntax => "use + - * /, unary minus, Math functions and comparisons",
            _ => "see the README for the supported syntax",
        };

        private static string Truncate(string text)
        {
            text = text.Replace('\n', ' ').Replace('\r', ' ');
            return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
        }
    }
}

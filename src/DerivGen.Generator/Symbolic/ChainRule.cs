namespace DerivGen.Symbolic
{
    /// <summary>
    /// The derivative rule of every operation: what a node with adjoint ā passes back to one of its arguments.
    /// Derivatives of the elementary functions are written in forms that stay accurate where the textbook form cancels.
    /// </summary>
    internal static class ChainRule
    {
        public static Node Contribution(ExpressionGraph g, Node node, int argumentIndex, Node adjoint)
        {
            var args = node.Arguments;
            var x = args[0];
            switch (node.Op)
            {
                case Op.Add:
                    return adjoint;
                case Op.Subtract:
                    return argumentIndex == 0 ? adjoint : g.Negate(adjoint);
                case Op.Multiply:
                    // d(a·b) = ā·b da + a·ā db; the order keeps "dL/dz · aᵀ" and "Wᵀ · dL/dz" as a reader writes them.
                    return argumentIndex == 0 ? g.Multiply(adjoint, args[1]) : g.Multiply(args[0], adjoint);
                case Op.Divide:
                    return argumentIndex == 0
                        ? g.Divide(adjoint, args[1])
                        : g.Negate(g.Multiply(adjoint, g.Divide(node, args[1])));
                case Op.Negate:
                    return g.Negate(adjoint);
                case Op.Square:
                    return g.Multiply(adjoint, g.Multiply(g.Constant(2), x));
                case Op.Exp:
                    return g.Multiply(adjoint, node);
                case Op.Log:
                    return g.Divide(adjoint, x);
                case Op.Log1p:
                    return g.Divide(adjoint, g.Add(g.Constant(1), x));
                case Op.Expm1:
                    return g.Multiply(adjoint, g.Apply(Op.Exp, x));
                case Op.Abs:
                    return g.Multiply(adjoint, g.IfPositive(x, g.Constant(1), g.Constant(-1)));
                case Op.Max:
                    // The adjoint goes to the first argument on a tie, so it reaches the first unit that attains a maximum.
                    var secondExceeds = g.Subtract(args[1], args[0]);
                    return argumentIndex == 0
                        ? g.IfPositive(secondExceeds, g.Constant(0), adjoint)
                        : g.IfPositive(secondExceeds, adjoint, g.Constant(0));
                case Op.IfPositive:
                    return argumentIndex switch
                    {
                        1 => g.IfPositive(args[0], adjoint, g.Constant(0)),
                        2 => g.IfPositive(args[0], g.Constant(0), adjoint),
                        _ => g.Constant(0), // the condition is piecewise constant
                    };
                case Op.StopGradient:
                    return g.Constant(0);
                case Op.KnownDerivative:
                    return argumentIndex == 0 ? g.Multiply(adjoint, args[2]) : g.Constant(0);
                default:
                    return g.Multiply(adjoint, FunctionDerivative.Of(g, node));
            }
        }
    }
}

namespace DerivGen.Emitting
{
    /// <summary>The arguments the generated methods share, with their documentation, for one scalar type.</summary>
    internal sealed class Arguments
    {
        private Arguments(ScalarType s)
        {
            Parameters = new ApiParameter(s.ReadOnlySpan, "parameters", "θ, of length <see cref=\"ParameterCount\"/>, laid out as <see cref=\"Layout\"/> describes.");
            Input = new ApiParameter(s.ReadOnlySpan, "input", "x, of length <see cref=\"InputCount\"/>.");
            Target = new ApiParameter(s.ReadOnlySpan, "target", "y, of length <see cref=\"OutputCount\"/>.");
            Output = new ApiParameter(s.Span, "output", "Receives the last layer's activations, of length <see cref=\"OutputCount\"/>.");
            Gradient = new ApiParameter(s.Span, "gradient", "Overwritten with dL/dθ, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            GradientToAddTo = new ApiParameter(s.Span, "gradient", "dL/dθ is added to it, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            Trace = new ApiParameter(s.Span, "trace", "Receives every intermediate value, of length <see cref=\"TraceLength\"/>; read it through <see cref=\"Trace\"/>.");
            Inputs = new ApiParameter(s.ReadOnlySpan, "inputs", "The rows x, one after another: <paramref name=\"rows\"/> × <see cref=\"InputCount\"/> values.");
            Targets = new ApiParameter(s.ReadOnlySpan, "targets", "The rows y, one after another: <paramref name=\"rows\"/> × <see cref=\"OutputCount\"/> values.");
            Outputs = new ApiParameter(s.Span, "outputs", "Receives each row's output: <paramref name=\"rows\"/> × <see cref=\"OutputCount\"/> values.");
            Rows = new ApiParameter("int", "rows", "The number of samples in the batch.");
            Direction = new ApiParameter(s.ReadOnlySpan, "direction", "v, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            Product = new ApiParameter(s.Span, "product", "Overwritten with H·v, where H = ∂²L/∂θ², of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            ProductToAddTo = new ApiParameter(s.Span, "product", "H·v is added to it, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            MeanGradient = new ApiParameter(s.Span, "gradient", "Overwritten with the mean of the rows' dL/dθ, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            MeanProduct = new ApiParameter(s.Span, "product", "Overwritten with the mean of the rows' H·v, of length <see cref=\"ParameterCount\"/>, in the layout of θ.");
            InputGradient = new ApiParameter(s.Span, "inputGradient", "Overwritten with dL/dx, of length <see cref=\"InputCount\"/>.");
            Jacobian = new ApiParameter(s.Span, "jacobian", "Overwritten with ∂a_out/∂x, <see cref=\"OutputCount\"/> × <see cref=\"InputCount\"/>, row-major: entry i·InputCount + j is ∂a_out[i]/∂x[j].");
        }

        public static Arguments Of(ScalarType s) => s == ScalarType.Single ? SingleArguments : DoubleArguments;

        private static readonly Arguments DoubleArguments = new(ScalarType.Double);
        private static readonly Arguments SingleArguments = new(ScalarType.Single);

        public ApiParameter Parameters { get; }

        public ApiParameter Input { get; }

        public ApiParameter Target { get; }

        public ApiParameter Output { get; }

        public ApiParameter Gradient { get; }

        public ApiParameter GradientToAddTo { get; }

        public ApiParameter Trace { get; }

        public ApiParameter Inputs { get; }

        public ApiParameter Targets { get; }

        public ApiParameter Outputs { get; }

        public ApiParameter Rows { get; }

        public ApiParameter Direction { get; }

        public ApiParameter Product { get; }

        public ApiParameter ProductToAddTo { get; }

        public ApiParameter MeanGradient { get; }

        public ApiParameter MeanProduct { get; }

        public ApiParameter InputGradient { get; }

        public ApiParameter Jacobian { get; }
    }
}

using System;
using System.Linq;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>The generated <c>static double HessianVectorProduct(parameters, input, target, direction, gradient, product)</c>.</summary>
    internal delegate double HessianVectorProductDelegate(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, ReadOnlySpan<double> direction,
        Span<double> gradient, Span<double> product);

    /// <summary>The generated <c>static double InputGradient(parameters, input, target, inputGradient)</c>.</summary>
    internal delegate double InputGradientDelegate(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> inputGradient);

    /// <summary>The generated <c>static void InputJacobian(parameters, input, output, jacobian)</c>.</summary>
    internal delegate void InputJacobianDelegate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output, Span<double> jacobian);

    /// <summary>The float forms of the three delegates above.</summary>
    internal delegate float SingleHessianVectorProductDelegate(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> target, ReadOnlySpan<float> direction,
        Span<float> gradient, Span<float> product);

    internal delegate float SingleInputGradientDelegate(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> target, Span<float> inputGradient);

    internal delegate void SingleInputJacobianDelegate(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, Span<float> jacobian);

    /// <summary>The generated second-order and input methods of one double network.</summary>
    internal sealed record SensitivityFunctions(
        HessianVectorProductDelegate HessianVectorProduct,
        InputGradientDelegate InputGradient,
        InputJacobianDelegate InputJacobian)
    {
        /// <summary>Binds the methods of the network <paramref name="className"/> of a compilation made with <paramref name="namespaceName"/>.</summary>
        public static SensitivityFunctions Of(CompiledNetworks compiled, string namespaceName, string className)
        {
            compiled.Get(className); // fails with the reason when the network did not generate or compile
            Type type = compiled.Assembly!.GetType(namespaceName + "." + className);
            // A network generated without one of the groups has the others alone; calling a missing one fails the test.
            bool Has(string name) => type.GetMethods().Any(m => m.IsStatic && m.Name == name);
            bool secondOrder = Has("HessianVectorProduct"), inputs = Has("InputGradient");
            Xunit.Sdk.XunitException Missing(string group) => new($"{className} was generated without NetworkMethods.{group}.");
            return new SensitivityFunctions(
                secondOrder ? CollectibleAssembly.StaticMethod<HessianVectorProductDelegate>(type, "HessianVectorProduct") : (_, _, _, _, _, _) => throw Missing("SecondOrder"),
                inputs ? CollectibleAssembly.StaticMethod<InputGradientDelegate>(type, "InputGradient") : (_, _, _, _) => throw Missing("InputSensitivities"),
                inputs ? CollectibleAssembly.StaticMethod<InputJacobianDelegate>(type, "InputJacobian") : (_, _, _, _) => throw Missing("InputSensitivities"));
        }

        /// <summary>H·v into a new array.</summary>
        public double[] Product(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> v)
        {
            var gradient = new double[parameters.Length];
            var product = new double[parameters.Length];
            HessianVectorProduct(parameters, x, y, v, gradient, product);
            return product;
        }

        /// <summary>The full Hessian, row-major, from one H·v per unit direction.</summary>
        public double[] Hessian(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            int p = parameters.Length;
            var hessian = new double[p * p];
            var unit = new double[p];
            for (int k = 0; k < p; k++)
            {
                unit[k] = 1;
                double[] column = Product(parameters, x, y, unit);
                unit[k] = 0;
                for (int i = 0; i < p; i++)
                {
                    hessian[(i * p) + k] = column[i];
                }
            }

            return hessian;
        }
    }
}

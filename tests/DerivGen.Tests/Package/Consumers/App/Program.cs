using System.Globalization;
using DerivGen;

// Prints the seeds' 3-3-1 example computed by generated code in double (this project, C# 14, nullable on) and in float
// (the netstandard2.0 library, C# 7.3). One line per quantity: a name, then round-trip numbers.
double[] parameters = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.1, 0.2, 0.3, 0.2, 0.4, 0.6, 0.5];
var network = new Seed331();
parameters.CopyTo(network.Parameters, 0);
double[] gradient = new double[Seed331.ParameterCount];
double[] output = new double[Seed331.OutputCount];
double loss = network.Backward([20, 3, 4], [18], gradient);
network.Forward([20, 3, 4], output);

float[] singleGradient = new float[Library.SingleSeed331.ParameterCount];
float singleLoss = Library.SingleSeed331.Backward(Array.ConvertAll(parameters, p => (float)p), [20f, 3f, 4f], [18f], singleGradient);

Print("double.loss", [loss]);
Print("double.gradient", gradient);
Print("double.output", output);
Print("single.loss", [singleLoss]);
Print("single.gradient", Array.ConvertAll(singleGradient, g => (double)g));

static void Print(string name, double[] values) =>
    Console.WriteLine(name + " " + string.Join(" ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

[Network(3, Loss = LossFunction.SquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1, Activation.Sigmoid)]
internal sealed partial class Seed331 { }

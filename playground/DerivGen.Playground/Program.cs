// The seeds' worked example (the 3-3-1 exercise the project started from), computed by the code DerivGen generated for TinyNet.cs.
// Every number printed in full is a binary64 value in round-trip ("R") format: parse it back and you get the
// same double the generated code produced.
// With the argument "train" it trains three generated networks instead (TrainCommand.cs, Training/); with "newton" it
// compares Newton–CG on the generated HessianVectorProduct with Adam, and prints the 3-3-1 Hessian (NewtonCommand.cs).
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using DerivGen.Playground;

Console.OutputEncoding = Encoding.UTF8;

switch (args)
{
    case []:
        break;
    case ["train"]:
        return TrainCommand.Run();
    case ["newton"]:
        return NewtonCommand.Run();
    default:
        Console.Error.WriteLine("usage: dotnet run --project playground/DerivGen.Playground [-- train | newton]");
        Console.Error.WriteLine("  (no argument)  the 3-3-1 worked example, computed by generated code");
        Console.Error.WriteLine("  train          trains XOR, two moons and a sine regression with generated networks");
        Console.Error.WriteLine("  newton         Newton–CG on HessianVectorProduct next to Adam, and the 3-3-1 network's Hessian");
        return 2;
}

double[] x = [20, 3, 4];
double[] y = [18];

// The instance form: the named views write into net.Parameters at TinyNet.Layout's offsets.
var net = new TinyNet();
double[] w1 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]; // row-major: W1[i, j] joins input j to unit i
w1.CopyTo(net.W1);
net.b1[0] = 0.1;
net.b1[1] = 0.2;
net.b1[2] = 0.3;
net.W2[0] = 0.2;
net.W2[1] = 0.4;
net.W2[2] = 0.6;
net.b2[0] = 0.5;

var gradient = new double[TinyNet.ParameterCount];
var traceBuffer = new double[TinyNet.TraceLength];
double loss = net.Backward(x, y, gradient, traceBuffer);
var t = new TinyNet.Trace(traceBuffer);

ReadOnlySpan<double> dW1 = gradient.AsSpan(TinyNet.Layout.W1, TinyNet.Layout.W1Length);
ReadOnlySpan<double> db1 = gradient.AsSpan(TinyNet.Layout.b1, TinyNet.Layout.b1Length);
ReadOnlySpan<double> dW2 = gradient.AsSpan(TinyNet.Layout.W2, TinyNet.Layout.W2Length);
double db2 = gradient[TinyNet.Layout.b2];
double sigmaPrime = t.dZ2[0] / t.dA2[0];

Title("DerivGen playground: the 3-3-1 worked example, computed by generated code");
Console.WriteLine("  network   x (3) → Dense(3, ReLU) → Dense(1, Sigmoid), loss L = (A2 − y)²");
Console.WriteLine("  input     x = [20, 3, 4]ᵀ   y = 18");
Console.WriteLine("  weights   W1 = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]   b1 = [0.1, 0.2, 0.3]ᵀ");
Console.WriteLine("            W2 = [0.2, 0.4, 0.6]   b2 = 0.5");
Console.WriteLine(Invariant($"  sizes     InputCount = {TinyNet.InputCount}, OutputCount = {TinyNet.OutputCount}, ParameterCount = {TinyNet.ParameterCount}, TraceLength = {TinyNet.TraceLength}"));

Section("Forward propagation");
Vector("Z1 = W1 · x + b1", t.Z1);
Vector("A1 = ReLU(Z1)", t.A1);
Scalar("z2 = W2 · A1 + b2", t.Z2[0]);
Scalar("A2 = σ(z2)", t.A2[0]);
Scalar("L  = (A2 − y)²", loss);

Section("Backward propagation");
Scalar("1. dL/dA2 = 2(A2 − y)", t.dA2[0]);
Scalar("2. dL/dz2 = dL/dA2 · σ'(z2)", t.dZ2[0]);
Scalar("     where σ'(z2) = A2(1 − A2)", sigmaPrime, "(dL/dz2 ÷ dL/dA2)");
Vector("3. dL/dW2 = dL/dz2 · A1ᵀ", dW2);
Scalar("4. dL/db2 = dL/dz2", db2);
Vector("5. dL/dA1 = W2ᵀ · dL/dz2", t.dA1);
Vector("6. dL/dz1 = dL/dA1 ⊙ ReLU'(z1)", t.dZ1, "(every z1 > 0, so ReLU'(z1) = 1)");
Matrix("7. dL/dW1 = dL/dz1 · xᵀ", dW1, 3);
Vector("8. dL/db1 = dL/dz1", db1);

Section("Generated code");
GeneratedFile();

Section("The seeds' rounded values next to the generated code's");
Console.WriteLine("  tests/DerivGen.IntegrationTests checks the generated values against a 50-digit evaluation (≤ 1e-14 relative).");
Console.WriteLine("  'off' is (seed − generated) / generated. Both seeds get Z1, A1 and z2 right; the error starts at σ'(z2).");
Console.WriteLine();
Console.WriteLine(Invariant($"  {"quantity",-12} {"seed A",-11} {"seed B",-14} {"generated code",-24} {"A off",7} {"B off",7}"));
Console.WriteLine(Invariant($"  {new string('─', 12)} {new string('─', 11)} {new string('─', 14)} {new string('─', 24)} {new string('─', 7)} {new string('─', 7)}"));
Compare("A2", "0.999999988", "0.9999999989", t.A2[0]);
Compare("L", "289", "289", loss);
Compare("dL/dA2", "-34", "-34.000000022", t.dA2[0]);
Compare("σ'(z2)", "1.2e-8", null, sigmaPrime);
Compare("dL/dz2", "-4.08e-7", "-3.74e-7", t.dZ2[0]);
string[] seedAdW2 = ["-1.59e-6", "-4.94e-6", "-8.28e-6"];
string[] seedBdW2 = ["-1.42e-6", "-4.5e-6", "-7.59e-6"];
for (int i = 0; i < 3; i++)
{
    Compare(Invariant($"dL/dW2[{i}]"), seedAdW2[i], seedBdW2[i], dW2[i]);
}

Compare("dL/db2", "-4.08e-7", "-3.74e-7", db2);
string[] seedAdA1 = ["-8.16e-8", "-1.63e-7", "-2.45e-7"];
string[] seedBdA1 = ["-7.48e-8", "-1.50e-7", "-2.24e-7"];
for (int i = 0; i < 3; i++)
{
    Compare(Invariant($"dL/dA1[{i}]"), seedAdA1[i], seedBdA1[i], t.dA1[i]);
}

string[] seedAdW1 =
[
    "-1.63e-6", "-2.45e-7", "-3.26e-7",
    "-3.26e-6", "-4.89e-7", "-6.52e-7",
    "-4.90e-6", "-7.35e-7", "-9.80e-7",
];
string[] seedBdW1 =
[
    "-1.50e-6", "-2.24e-7", "-2.99e-7",
    "-2.99e-6", "-4.49e-7", "-5.99e-7",
    "-4.49e-6", "-6.73e-7", "-8.98e-7",
];
for (int k = 0; k < 9; k++)
{
    Compare(Invariant($"dL/dW1[{k / 3},{k % 3}]"), seedAdW1[k], seedBdW1[k], dW1[k]);
}

for (int i = 0; i < 3; i++)
{
    // Both seeds take dL/db1 = dL/dz1 = dL/dA1.
    Compare(Invariant($"dL/db1[{i}]"), seedAdA1[i], seedBdA1[i], db1[i]);
}

Console.WriteLine();
Console.WriteLine("  Seed A rounds σ'(z2) = 1.128e-8 up to 1.2e-8; seed B writes σ'(z2) ≈ 1e-8 but multiplies by 1.1e-8.");
Console.WriteLine("  Every later value is dL/dz2 times factors both seeds have right, so that error carries through,");
Console.WriteLine("  plus each step's own rounding (and in seed B a slip in dL/dW2[0]: −3.74e-7 · 3.9 = −1.46e-6).");
Console.WriteLine();
return 0;

static void Title(string text)
{
    Console.WriteLine();
    Console.WriteLine("  " + text);
    Console.WriteLine("  " + new string('═', text.Length));
}

static void Section(string text)
{
    Console.WriteLine();
    Console.WriteLine("  " + text);
    Console.WriteLine("  " + new string('─', text.Length));
}

static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static void Scalar(string label, double value, string note = "")
{
    Console.WriteLine(Invariant($"  {label,-33} = {R(value),-24} {note}").TrimEnd());
}

static void Vector(string label, ReadOnlySpan<double> values, string note = "")
{
    Console.WriteLine(Invariant($"  {label,-33} {note}").TrimEnd());
    for (int i = 0; i < values.Length; i++)
    {
        Console.WriteLine(Invariant($"      [{i}]    {R(values[i])}"));
    }
}

static void Matrix(string label, ReadOnlySpan<double> values, int columns)
{
    Console.WriteLine("  " + label);
    for (int i = 0; i < values.Length / columns; i++)
    {
        var row = new StringBuilder(Invariant($"      [{i},·]"));
        for (int j = 0; j < columns; j++)
        {
            row.Append(Invariant($"  {R(values[(i * columns) + j]),-24}"));
        }

        Console.WriteLine(row.ToString().TrimEnd());
    }
}

static void Compare(string name, string seedA, string? seedB, double exact)
{
    Console.WriteLine(Invariant(
        $"  {name,-12} {seedA,-11} {seedB ?? "—",-14} {R(exact),-24} {Off(seedA, exact),7} {Off(seedB, exact),7}"));
}

static string Off(string? seed, double exact)
{
    if (seed is null)
    {
        return "—";
    }

    double relative = (double.Parse(seed, CultureInfo.InvariantCulture) - exact) / exact;
    return Math.Abs(relative) < 0.0005 ? "≈0%" : relative.ToString("+0.0%;−0.0%", CultureInfo.InvariantCulture);
}

static void GeneratedFile()
{
    // The project directory and CompilerGeneratedFilesOutputPath (relative to it) are stamped into the assembly
    // by DerivGen.Playground.csproj; the generator writes one file per network under DerivGen/<generator type>/.
    var metadata = typeof(TinyNet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .ToDictionary(a => a.Key, a => a.Value ?? string.Empty, StringComparer.Ordinal);
    string path = Path.GetFullPath(Path.Combine(
        metadata["DerivGen.ProjectDirectory"],
        metadata["DerivGen.GeneratedFilesPath"],
        "DerivGen",
        "DerivGen.DerivGenerator",
        "TinyNet.DerivGen.g.cs"));
    string shown = Path.GetRelativePath(Environment.CurrentDirectory, path);

    Console.WriteLine("  DerivGen wrote the Forward/Loss/Backward code above to");
    Console.WriteLine("      " + shown);
    if (File.Exists(path))
    {
        string[] lines = File.ReadAllLines(path);
        Console.WriteLine(Invariant(
            $"  ({lines.Length} lines, rewritten on every build because the .csproj sets EmitCompilerGeneratedFiles)"));
    }
    else
    {
        Console.WriteLine("  (not found: build the playground with EmitCompilerGeneratedFiles=true, as its .csproj sets)");
    }
}

using System;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// HessianVectorProduct (and its batch mean), InputGradient and InputJacobian allocate nothing, in the static and the instance form, double
/// and float: as in <see cref="AllocationTests"/>, buffers first, a warm-up, then exactly 0 bytes over many calls.
/// </summary>
public sealed class SensitivityAllocationTests
{
    private const int Calls = 10_000;

    private readonly double[] _parameters = Seed331.Parameters();
    private readonly double[] _direction = Seed331.Parameters();
    private readonly double[] _gradient = new double[TinyNet.ParameterCount];
    private readonly double[] _product = new double[TinyNet.ParameterCount];
    private readonly double[] _inputGradient = new double[TinyNet.InputCount];
    private readonly double[] _output = new double[TinyNet.OutputCount];
    private readonly double[] _jacobian = new double[TinyNet.OutputCount * TinyNet.InputCount];
    private readonly TinyNet _net = CreateNet();

    // Four rows for the batch mean: the seeds' sample and three scaled copies of it.
    private readonly double[] _inputs = [20, 3, 4, 10, 1.5, 2, -20, -3, -4, 2, 0.3, 0.4];
    private readonly double[] _targets = [18, 9, -18, 1.8];

    private readonly float[] _singleParameters = new float[BatchSingleNet.ParameterCount];
    private readonly float[] _singleDirection = new float[BatchSingleNet.ParameterCount];
    private readonly float[] _singleGradient = new float[BatchSingleNet.ParameterCount];
    private readonly float[] _singleProduct = new float[BatchSingleNet.ParameterCount];
    private readonly float[] _singleX = { 0.5f, -1.25f };
    private readonly float[] _singleY = new float[BatchSingleNet.OutputCount];
    private readonly float[] _singleInputs = [0.5f, -1.25f, 2f, 0.75f, -0.5f, 0.1f];
    private readonly float[] _singleTargets = [0.25f, -0.5f, 1f, 0f, -1f, 0.5f];

    public SensitivityAllocationTests()
    {
        for (int k = 0; k < _singleParameters.Length; k++)
        {
            _singleParameters[k] = 0.1f * (k % 7) - 0.3f;
            _singleDirection[k] = 1f - (0.05f * k);
        }
    }

    [Fact]
    public void HessianVectorProduct_does_not_allocate()
    {
        Measure(HessianVectorProduct);
    }

    [Fact]
    public void HessianVectorProductBatchMean_does_not_allocate()
    {
        Measure(HessianVectorProductBatchMean);
    }

    [Fact]
    public void Single_HessianVectorProductBatchMean_does_not_allocate()
    {
        Measure(SingleHessianVectorProductBatchMean);
    }

    [Fact]
    public void InputGradient_does_not_allocate()
    {
        Measure(InputGradient);
    }

    [Fact]
    public void InputJacobian_does_not_allocate()
    {
        Measure(InputJacobian);
    }

    [Fact]
    public void Single_HessianVectorProduct_does_not_allocate()
    {
        Measure(SingleHessianVectorProduct);
    }

    private static void Measure(Func<double> calls)
    {
        calls(); // warm-up: this count may include JIT work
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = calls();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum != 0 && double.IsFinite(sum)); // every call's result is used, so none can be dropped
        Assert.Equal(0, allocated);
    }

    private static TinyNet CreateNet()
    {
        var net = new TinyNet();
        Seed331.Parameters().CopyTo(net.Parameters, 0);
        return net;
    }

    // Each loop calls the static and the instance form, and folds the results into a sum.
    private double HessianVectorProduct()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            sum += TinyNet.HessianVectorProduct(_parameters, Seed331.X, Seed331.Y, _direction, _gradient, _product) + _product[15];
            sum += _net.HessianVectorProduct(Seed331.X, Seed331.Y, _direction, _gradient, _product) + _product[0];
        }

        return sum;
    }

    private double HessianVectorProductBatchMean()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            sum += TinyNet.HessianVectorProductBatchMean(_parameters, _inputs, _targets, 4, _direction, _gradient, _product) + _product[15];
            sum += _net.HessianVectorProductBatchMean(_inputs, _targets, 4, _direction, _gradient, _product) + _product[0];
        }

        return sum;
    }

    private double SingleHessianVectorProductBatchMean()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            sum += BatchSingleNet.HessianVectorProductBatchMean(_singleParameters, _singleInputs, _singleTargets, 3, _singleDirection, _singleGradient, _singleProduct)
                + _singleProduct[0];
        }

        return sum;
    }

    private double InputGradient()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            sum += TinyNet.InputGradient(_parameters, Seed331.X, Seed331.Y, _inputGradient) + _inputGradient[0];
            sum += _net.InputGradient(Seed331.X, Seed331.Y, _inputGradient) + _inputGradient[2];
        }

        return sum;
    }

    private double InputJacobian()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            TinyNet.InputJacobian(_parameters, Seed331.X, _output, _jacobian);
            sum += _jacobian[0];
            _net.InputJacobian(Seed331.X, _output, _jacobian);
            sum += _jacobian[2];
        }

        return sum;
    }

    private double SingleHessianVectorProduct()
    {
        double sum = 0;
        for (int n = 0; n < Calls; n++)
        {
            sum += BatchSingleNet.HessianVectorProduct(_singleParameters, _singleX, _singleY, _singleDirection, _singleGradient, _singleProduct) + _singleProduct[0];
        }

        return sum;
    }
}

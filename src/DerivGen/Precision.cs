namespace DerivGen
{
    /// <summary>The floating-point type the generated code computes in.</summary>
    public enum Precision
    {
        /// <summary>double (binary64): the default; exact to about 1e-15 relative.</summary>
        Double = 0,

        /// <summary>float (binary32): half the memory and twice the SIMD width; exact to about 1e-6 relative.</summary>
        Single = 1,
    }
}

using System;
using System.Linq;
using DerivGen.Model;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The generator cannot load DerivGen.Attributes, so it keeps its own copies of the public enums and reads attribute
    /// arguments as plain integers: DerivGen.Model.ActivationKind must mirror DerivGen.Activation, and LossKind must mirror
    /// LossFunction, PrecisionKind Precision and MethodGroups NetworkMethods, member for member (same names, same values, same underlying type). A member added to one side only
    /// would be silently misread (or reported as DG0010) on the other.
    /// </summary>
    public sealed class ModelEnumMirrorTests
    {
        [Fact]
        public void ActivationKindHasExactlyTheNamesAndValuesOfActivation() =>
            AssertMirrors(typeof(Activation), typeof(ActivationKind));

        [Fact]
        public void LossKindHasExactlyTheNamesAndValuesOfLossFunction() =>
            AssertMirrors(typeof(LossFunction), typeof(LossKind));

        [Fact]
        public void PrecisionKindHasExactlyTheNamesAndValuesOfPrecision() =>
            AssertMirrors(typeof(Precision), typeof(PrecisionKind));

        [Fact]
        public void MethodGroupsHasExactlyTheNamesAndValuesOfNetworkMethods() =>
            AssertMirrors(typeof(NetworkMethods), typeof(MethodGroups));

        private static void AssertMirrors(Type publicEnum, Type modelEnum)
        {
            Assert.Equal(Enum.GetUnderlyingType(publicEnum), Enum.GetUnderlyingType(modelEnum));

            // (name, value) pairs in value order; a duplicate value or a renamed member shows up as a difference.
            (string Name, long Value)[] Members(Type type) => Enum.GetNames(type)
                .Select(name => (name, Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)))
                .OrderBy(member => member.Item2)
                .ThenBy(member => member.name, StringComparer.Ordinal)
                .ToArray();

            (string Name, long Value)[] expected = Members(publicEnum);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Members(modelEnum));
        }
    }
}

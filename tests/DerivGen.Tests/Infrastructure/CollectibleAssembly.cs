using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Sdk;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// An output compilation emitted to memory and loaded into a collectible <see cref="AssemblyLoadContext"/>
    /// (as the Regex generator's functional tests do), with typed access to the generated network members.
    /// </summary>
    /// <remarks>
    /// DerivGen.Attributes resolves to the copy the test host already loaded, so the generated code's calls into
    /// <see cref="ScalarMath"/> and the attributes on the user types are the same types the tests see.
    /// </remarks>
    internal sealed class CollectibleAssembly : IDisposable
    {
        private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;

        private readonly LoadContext context;

        private CollectibleAssembly(LoadContext context, Assembly assembly)
        {
            this.context = context;
            Assembly = assembly;
        }

        /// <summary>The loaded assembly.</summary>
        public Assembly Assembly { get; }

        /// <summary>
        /// Emits the compilation and loads it. Fails the test, listing the errors, when the compilation does not emit.
        /// </summary>
        public static CollectibleAssembly Load(Compilation compilation)
        {
            if (TryLoad(compilation, out CollectibleAssembly? assembly, out ImmutableArray<Diagnostic> diagnostics))
            {
                return assembly;
            }

            IEnumerable<Diagnostic> errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20);
            throw new XunitException("The compilation did not emit:\n" + GeneratorRun.Describe(errors));
        }

        /// <summary>
        /// Emits the compilation and loads it, or returns the emit diagnostics. Emitting reports the errors itself, so
        /// callers need not run <see cref="Compilation.GetDiagnostics"/> first, which on tens of thousands of generated
        /// lines costs several times the emit.
        /// </summary>
        public static bool TryLoad(
            Compilation compilation,
            [NotNullWhen(true)] out CollectibleAssembly? assembly,
            out ImmutableArray<Diagnostic> diagnostics)
        {
            ArgumentNullException.ThrowIfNull(compilation);
            using var stream = new MemoryStream();
            EmitResult result = compilation.Emit(stream);
            diagnostics = result.Diagnostics;
            if (!result.Success)
            {
                assembly = null;
                return false;
            }

            stream.Position = 0;
            var context = new LoadContext(compilation.AssemblyName ?? "DerivGen.TestInput");
            assembly = new CollectibleAssembly(context, context.LoadFromStream(stream));
            return true;
        }

        /// <summary>The type with the given metadata name (nested types use '+'); fails the test when missing.</summary>
        public Type GetType(string metadataName) =>
            Assembly.GetType(metadataName, throwOnError: false)
            ?? throw new XunitException($"The emitted assembly has no type '{metadataName}'.");

        /// <summary>The generated static API of the network type with the given metadata name.</summary>
        public NetworkFunctions Network(string metadataName)
        {
            Type type = GetType(metadataName);
            Type? layoutType = type.GetNestedType("Layout", BindingFlags.Public);
            var layout = new Dictionary<string, int>(StringComparer.Ordinal);
            if (layoutType is not null)
            {
                foreach (FieldInfo field in layoutType.GetFields(PublicStatic).Where(f => f.IsLiteral))
                {
                    layout[field.Name] = (int)field.GetRawConstantValue()!;
                }
            }

            return new NetworkFunctions(
                metadataName,
                Constant(type, "InputCount"),
                Constant(type, "OutputCount"),
                Constant(type, "ParameterCount"),
                Constant(type, "TraceLength"),
                layout,
                StaticMethod<ForwardDelegate>(type, "Forward"),
                StaticMethod<LossDelegate>(type, "Loss"),
                StaticMethod<BackwardDelegate>(type, "Backward"),
                StaticMethod<BackwardWithTraceDelegate>(type, "Backward"));
        }

        /// <summary>The generated static API of the <c>Precision.Single</c> network type with the given metadata name.</summary>
        public SingleNetworkFunctions SingleNetwork(string metadataName)
        {
            Type type = GetType(metadataName);
            return new SingleNetworkFunctions(
                metadataName,
                Constant(type, "InputCount"),
                Constant(type, "OutputCount"),
                Constant(type, "ParameterCount"),
                Constant(type, "TraceLength"),
                LayoutConstants(type),
                StaticMethod<SingleForwardDelegate>(type, "Forward"),
                StaticMethod<SingleLossDelegate>(type, "Loss"),
                StaticMethod<SingleBackwardDelegate>(type, "Backward"),
                StaticMethod<SingleBackwardWithTraceDelegate>(type, "Backward"));
        }

        /// <summary>
        /// Binds the public static method <paramref name="name"/> of <paramref name="type"/> whose parameter types are
        /// those of <typeparamref name="TDelegate"/>; fails the test when there is none.
        /// </summary>
        public static TDelegate StaticMethod<TDelegate>(Type type, string name)
            where TDelegate : Delegate
        {
            ArgumentNullException.ThrowIfNull(type);
            Type[] parameterTypes = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
            MethodInfo method = type.GetMethod(name, PublicStatic, parameterTypes)
                ?? throw new XunitException(
                    $"{type.FullName} has no public static {name}({string.Join(", ", parameterTypes.Select(t => t.Name))}).");
            return method.CreateDelegate<TDelegate>();
        }

        /// <summary>The <c>const int</c> fields of the generated nested <c>Layout</c> class, by name (empty when there is none).</summary>
        private static Dictionary<string, int> LayoutConstants(Type type)
        {
            Type? layoutType = type.GetNestedType("Layout", BindingFlags.Public);
            var layout = new Dictionary<string, int>(StringComparer.Ordinal);
            if (layoutType is not null)
            {
                foreach (FieldInfo field in layoutType.GetFields(PublicStatic).Where(f => f.IsLiteral))
                {
                    layout[field.Name] = (int)field.GetRawConstantValue()!;
                }
            }

            return layout;
        }

        /// <summary>The value of the public <c>const int</c> <paramref name="name"/> of <paramref name="type"/>.</summary>
        public static int Constant(Type type, string name)
        {
            ArgumentNullException.ThrowIfNull(type);
            FieldInfo field = type.GetField(name, PublicStatic)
                ?? throw new XunitException($"{type.FullName} has no public constant {name}.");
            if (!field.IsLiteral)
            {
                throw new XunitException($"{type.FullName}.{name} is not a const.");
            }

            return (int)field.GetRawConstantValue()!;
        }

        /// <summary>Unloads the context (it is collected once no delegate into it is reachable).</summary>
        public void Dispose() => context.Unload();

        private sealed class LoadContext : AssemblyLoadContext
        {
            private static readonly Assembly Attributes = typeof(NetworkAttribute).Assembly;

            public LoadContext(string name)
                : base(name, isCollectible: true)
            {
            }

            protected override Assembly? Load(AssemblyName assemblyName) =>
                string.Equals(assemblyName.Name, Attributes.GetName().Name, StringComparison.Ordinal) ? Attributes : null;
        }
    }
}

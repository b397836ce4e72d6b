using System.Text;

namespace DerivGen.Emitting
{
    /// <summary>Writes indented source text with '\n' line endings, whatever the platform.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public void Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4);
                _text.Append(line);
            }

            _text.Append('\n');
        }

        public void Open(string line)
        {
            Line(line);
            Line("{");
            _indent++;
        }

        public void Close(string closer = "}")
        {
            _indent--;
            Line(closer);
        }

        public override string ToString() => _text.ToString();
    }
}

using System.Text;

namespace Samples.Pass;

/// <summary>Text helpers of the pass sample.</summary>
internal static class PassText
{
    /// <summary><c>BeforeClass</c> as <c>BEFORE_CLASS</c>.</summary>
    public static string ToUpperSnake(string name) => ToSnake(name).ToUpperInvariant();

    /// <summary><c>ExpiredAt</c> as <c>expired_at</c>.</summary>
    public static string ToSnake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}

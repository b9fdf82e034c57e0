using System.Data.Common;
using System.Net.Sockets;

namespace Batch.Faults;

/// <summary>
/// The default classification. Walking from the exception through its inner exceptions, the first
/// that says something decides:
/// <list type="bullet">
/// <item><description><see cref="BusinessException"/> (and subclasses): <see cref="ExceptionCategory.Business"/>.</description></item>
/// <item><description><see cref="TimeoutException"/>, <see cref="SocketException"/> (a dropped or refused connection, also when
/// wrapped in an <see cref="IOException"/>), <see cref="System.Net.Http.HttpRequestException"/> and a <see cref="DbException"/>
/// whose <see cref="DbException.IsTransient"/> is true: <see cref="ExceptionCategory.Transient"/>.</description></item>
/// <item><description>Anything else, cancellation included: <see cref="ExceptionCategory.System"/>.</description></item>
/// </list>
/// Subclass it to add your own rules and fall back on these.
/// </summary>
public class DefaultExceptionClassifier : IExceptionClassifier
{
    /// <summary>The shared instance.</summary>
    public static DefaultExceptionClassifier Instance { get; } = new();

    /// <inheritdoc />
    public virtual ExceptionCategory Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case BusinessException:
                    return ExceptionCategory.Business;
                case OperationCanceledException or StepTimeoutException:
                    return ExceptionCategory.System;
                case TimeoutException or SocketException or System.Net.Http.HttpRequestException:
                case DbException { IsTransient: true }:
                    return ExceptionCategory.Transient;
            }
        }

        return ExceptionCategory.System;
    }
}

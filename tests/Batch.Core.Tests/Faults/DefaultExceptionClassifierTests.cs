using System.Data.Common;
using System.Net.Sockets;
using Batch.Faults;
using Batch.Items;

namespace Batch.Core.Tests.Faults;

public class DefaultExceptionClassifierTests
{
    private static readonly DefaultExceptionClassifier Classifier = DefaultExceptionClassifier.Instance;

    [Test]
    public void Business_exceptions_and_malformed_records_are_business_errors()
    {
        Classifier.Classify(new BusinessException("The file did not arrive.")).Should().Be(ExceptionCategory.Business);
        Classifier.Classify(new MalformedItemException("No amount.", "line 3")).Should().Be(ExceptionCategory.Business);
        Classifier.Classify(new InvalidOperationException("wrapped", new BusinessException("inner"))).Should().Be(ExceptionCategory.Business);
    }

    [Test]
    public void Timeouts_dropped_connections_and_transient_database_errors_are_transient()
    {
        Classifier.Classify(new TimeoutException()).Should().Be(ExceptionCategory.Transient);
        Classifier.Classify(new IOException("reset", new SocketException((int)SocketError.ConnectionReset))).Should().Be(ExceptionCategory.Transient);
        Classifier.Classify(new FakeDbException(transient: true)).Should().Be(ExceptionCategory.Transient);
        Classifier.Classify(new InvalidOperationException("EF wrapper", new FakeDbException(transient: true))).Should().Be(ExceptionCategory.Transient);
    }

    [Test]
    public void Everything_else_including_cancellation_and_permanent_database_errors_is_a_system_fault()
    {
        Classifier.Classify(new FakeDbException(transient: false)).Should().Be(ExceptionCategory.System);
        Classifier.Classify(new FileNotFoundException("settings.json")).Should().Be(ExceptionCategory.System);
        Classifier.Classify(new IOException("cannot copy")).Should().Be(ExceptionCategory.System);
        Classifier.Classify(new OperationCanceledException()).Should().Be(ExceptionCategory.System);
        Classifier.Classify(new ArgumentException("bug")).Should().Be(ExceptionCategory.System);
    }

    [Test]
    public void A_business_exception_keeps_its_recovery_steps_in_order()
    {
        var exception = new BusinessException("The file did not arrive.", "Wait until 05:00.", "Call route A.");

        exception.RecoverySteps.Should().Equal("Wait until 05:00.", "Call route A.");
    }

    private sealed class FakeDbException(bool transient) : DbException("db error")
    {
        public override bool IsTransient => transient;
    }
}

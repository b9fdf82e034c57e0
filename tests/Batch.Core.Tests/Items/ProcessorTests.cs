using System.ComponentModel.DataAnnotations;
using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Items.Composite;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Items;

public class ProcessorTests : LauncherFixture
{
    [Test]
    public async Task A_composite_processor_chains_its_stages_and_an_item_filtered_by_any_stage_is_counted_as_filtered()
    {
        var seenBySecond = new List<int>();
        var dropMultiplesOfThree = Processor<int, int>(n => n % 3 == 0 ? ItemResult<int>.None : n);
        var record = Processor<int, int>(n =>
        {
            seenBySecond.Add(n);
            return n * 10;
        });
        var format = Processor<int, string>(n => n == 40 ? ItemResult<string>.None : $"#{n}");
        var writer = new RecordingWriter<string>("out");
        var step = new StepBuilder("load").Chunk<int, string>(4)
            .Reader(new ListItemReader<int>([.. Enumerable.Range(1, 10)]))
            .Processor(new CompositeItemProcessor<int>(dropMultiplesOfThree, record).Then(format))
            .Writer(writer)
            .Build();

        var execution = await RunAsync(new JobBuilder("chain").Start(step).Build());

        execution.Status.Should().Be(BatchStatus.Completed);
        seenBySecond.Should().Equal(1, 2, 4, 5, 7, 8, 10);
        writer.Written.Should().Equal("#10", "#20", "#50", "#70", "#80", "#100");
        execution.StepExecutions.Single().FilterCount.Should().Be(4);
    }

    [Test]
    public async Task A_composite_processor_awaits_stages_that_complete_asynchronously_in_order()
    {
        var slow = new AsyncProcessor(n => n + 1);
        var chain = new CompositeItemProcessor<int>(slow, new AsyncProcessor(n => n * 2), Processor<int, int>(n => n - 1));

        var result = await chain.ProcessAsync(5, CancellationToken.None);

        result.Item.Should().Be(11);
    }

    [Test]
    public async Task The_validating_processor_filters_invalid_items_counts_them_as_filtered_and_logs_the_invalid_members()
    {
        using var logs = new LogCapture();
        var writer = new RecordingWriter<Customer>("out");
        var step = new StepBuilder("load").Chunk<Customer>(10)
            .Reader(new ListItemReader<Customer>(Customers))
            .Processor(new ValidatingItemProcessor<Customer>(ValidationFailureMode.Filter, logs.CreateLogger("validation")))
            .Writer(writer)
            .Build();

        var execution = await RunAsync(new JobBuilder("validate").Start(step).Build());

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(c => c.Name).Should().Equal("Ada", "Grace");
        execution.StepExecutions.Single().FilterCount.Should().Be(2);
        var warnings = logs.In("validation").Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        warnings.Should().HaveCount(2);
        warnings[0].Should().Contain("Name").And.Contain("Email");
        warnings[1].Should().Contain("Age");
    }

    [Test]
    public async Task The_validating_processor_fails_an_invalid_item_with_a_business_error_listing_every_invalid_member()
    {
        var processor = new ValidatingItemProcessor<Customer>();

        var act = async () => await processor.ProcessAsync(Customers[1], CancellationToken.None);

        var error = (await act.Should().ThrowAsync<ItemValidationException>()).Which;
        error.Should().BeAssignableTo<BusinessException>();
        error.InvalidMembers.Should().BeEquivalentTo("Name", "Email");
        error.Message.Should().StartWith("Customer is invalid:").And.Contain("Name (").And.Contain("Email (");
        error.RecoverySteps.Should().NotBeEmpty();
    }

    [Test]
    public async Task Invalid_items_failed_by_the_validating_processor_are_skipped_in_a_fault_tolerant_step()
    {
        var writer = new RecordingWriter<Customer>("out");
        var step = new StepBuilder("load").Chunk<Customer>(10)
            .Reader(new ListItemReader<Customer>(Customers))
            .Processor(new ValidatingItemProcessor<Customer>())
            .Writer(writer)
            .FaultTolerant().SkipLimit(5)
            .Build();

        var execution = await RunAsync(new JobBuilder("validate-skip").Start(step).Build());

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(c => c.Name).Should().Equal("Ada", "Grace");
        execution.StepExecutions.Single().ProcessSkipCount.Should().Be(2);
    }

    [Test]
    public async Task Without_fault_tolerance_an_invalid_item_fails_the_step_with_the_validation_error()
    {
        var step = new StepBuilder("load").Chunk<Customer>(10)
            .Reader(new ListItemReader<Customer>(Customers))
            .Processor(new ValidatingItemProcessor<Customer>())
            .Writer(new RecordingWriter<Customer>("out"))
            .Build();

        var execution = await RunAsync(new JobBuilder("validate-fail").Start(step).Build());

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemValidationException>();
    }

    private static readonly Customer[] Customers =
    [
        new("Ada", "ada@example.org", 36),
        new(string.Empty, "not an address", 40),
        new("Grace", "grace@example.org", 85),
        new("Old", "old@example.org", 200),
    ];

    private static SyncProcessor<TIn, TOut> Processor<TIn, TOut>(Func<TIn, ItemResult<TOut>> process) => new SyncProcessor<TIn, TOut>(process);

    public sealed record Customer(
        [property: Required] string Name,
        [property: Required, EmailAddress] string Email,
        [property: System.ComponentModel.DataAnnotations.Range(0, 150)] int Age);

    private sealed class SyncProcessor<TIn, TOut>(Func<TIn, ItemResult<TOut>> process) : IItemProcessor<TIn, TOut>
    {
        public ValueTask<ItemResult<TOut>> ProcessAsync(TIn item, CancellationToken cancellationToken) => new(process(item));
    }

    private sealed class AsyncProcessor(Func<int, int> process) : IItemProcessor<int, int>
    {
        public async ValueTask<ItemResult<int>> ProcessAsync(int item, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return process(item);
        }
    }
}

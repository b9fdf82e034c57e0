using System.Text.Json;
using Batch.Infrastructure.Http;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Batch.Infrastructure.Tests.Http;

public class HttpJsonPagingReaderTests
{
    private PagedApiServer _server = null!;
    private InMemoryJobRepository _repository = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await PagedApiServer.StartAsync(itemCount: 47, pageSize: 10);
        _repository = new InMemoryJobRepository();
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Every_item_of_every_page_is_read_once_in_order()
    {
        using var services = Services();
        var writer = new ListItemWriter<ApiItem>();

        var execution = await RunAsync(Job(services, writer, chunkSize: 7));

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 47));
        writer.Written[46].Name.Should().Be("item 47");
        _server.Requests.Should().Equal(1, 2, 3, 4, 5);
        var context = execution.StepExecutions.Single().ExecutionContext;
        context.GetString("api.page").Should().Be("5");
        context.GetLong("api.index").Should().Be(7);
    }

    [Test]
    public async Task A_next_link_taken_from_each_response_pages_through_every_item_and_is_the_restart_state()
    {
        using var services = Services();
        var writer = new ListItemWriter<ApiItem>();
        var options = new HttpJsonPagingReaderOptions<ApiItem>
        {
            Name = "api",
            FirstPage = "/items?page=1",
            CreateRequest = link => new HttpRequestMessage(HttpMethod.Get, link),
            ParsePage = (root, _) => new HttpPage<ApiItem>(
                root.GetProperty("items").Deserialize(ApiJson.Default.ListApiItem)!,
                root.GetProperty("links").GetProperty("next").GetString()),
        };

        var execution = await RunAsync(Job(services, writer, options, chunkSize: 10));

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 47));
        _server.Requests.Should().Equal(1, 2, 3, 4, 5);
        execution.StepExecutions.Single().ExecutionContext.GetString("api.page").Should().Be("/items?page=5");
    }

    [Test]
    public async Task Transient_503s_are_retried_by_the_resilience_handler_and_nothing_is_lost()
    {
        _server.Fail(page: 2, times: 2);
        using var services = Services();
        var writer = new ListItemWriter<ApiItem>();

        var execution = await RunAsync(Job(services, writer));

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 47));
        _server.Requests.Count(p => p == 2).Should().Be(3);
    }

    [Test]
    public async Task A_page_that_keeps_failing_fails_the_step_with_its_url_and_status_and_the_restart_resumes_at_that_page()
    {
        _server.Fail(page: 3, times: int.MaxValue);
        using var services = Services();
        var writer = new ListItemWriter<ApiItem>();
        var job = Job(services, writer, chunkSize: 5);

        var failed = await RunAsync(job);
        _server.Heal(3);
        var before = _server.Requests.Count;
        var restarted = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        var error = failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>().Which;
        error.Message.Should().Contain($"GET {_server.BaseAddress}items?page=3").And.Contain("503").And.Contain("restart");
        _server.Requests.Take(before).Count(p => p == 3).Should().Be(4, "one attempt and three retries");
        restarted.Status.Should().Be(BatchStatus.Completed);
        _server.Requests.Skip(before).Should().Equal([3, 4, 5], "the restart starts at the page that failed");
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 47));
    }

    [Test]
    public async Task A_restart_after_a_failure_in_the_middle_of_a_page_skips_the_items_of_the_page_already_committed()
    {
        using var services = Services();
        var writer = new FailingOnceWriter(failOn: 26);
        var job = Job(services, writer, chunkSize: 7);

        var failed = await RunAsync(job);
        var before = _server.Requests.Count;
        var restarted = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().ExecutionContext.GetString("api.page").Should().Be("3");
        failed.StepExecutions.Single().ExecutionContext.GetLong("api.index").Should().Be(1);
        restarted.Status.Should().Be(BatchStatus.Completed);
        _server.Requests.Skip(before).Should().Equal(3, 4, 5);
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 47));
    }

    [Test]
    public async Task A_server_that_hangs_fails_the_step_on_the_clients_timeout_with_a_clear_error()
    {
        _server.HangPage = 2;
        using var services = Services(r =>
        {
            r.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
            r.Retry.MaxRetryAttempts = 1;
            r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        });
        var writer = new ListItemWriter<ApiItem>();

        var failed = await RunAsync(Job(services, writer));

        failed.Status.Should().Be(BatchStatus.Failed);
        _server.Hung.Task.IsCompleted.Should().BeTrue();
        var error = failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>().Which;
        error.Message.Should().Contain("items?page=2").And.Contain("timeout").And.Contain("resumes at this page");
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, 10));
    }

    [Test]
    public async Task A_server_that_stalls_in_the_middle_of_a_body_fails_the_step_on_the_body_timeout_and_the_restart_resumes_at_that_page()
    {
        _server.StallBodyPage = 2;
        using var services = Services();
        var options = PageNumbers();
        options.BodyTimeout = TimeSpan.FromMilliseconds(300); // the server never sends the rest, so the outcome does not depend on the timing
        var writer = new ListItemWriter<ApiItem>();

        var failed = await RunAsync(Job(services, writer, options, chunkSize: 10));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>()
            .Which.Message.Should().Contain("items?page=2").And.Contain("BodyTimeout").And.Contain("resumes at this page");
        _server.StallBodyPage = 0;
        var restarted = await new JobLauncher(_repository).RunAsync(Job(services, writer, options, chunkSize: 10), JobParameters.Parse("table=items"), CancellationToken.None);
        restarted.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Select(i => i.Id).Should().Equal(Enumerable.Range(1, _server.ItemCount));
    }

    [Test]
    public async Task A_body_that_breaks_off_fails_the_step_with_the_page_and_url()
    {
        var services = new ServiceCollection();
        services.AddBatchHttpClient(configureClient: c => c.BaseAddress = new Uri("http://api.test/"))
            .ConfigurePrimaryHttpMessageHandler(() => new BreakingBodyHandler());
        using var provider = services.BuildServiceProvider();

        var failed = await RunAsync(Job(provider, new ListItemWriter<ApiItem>()));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>()
            .Which.Message.Should().Contain("Page 1 of GET http://api.test/items?page=1").And.Contain("broke off while its body was read");
    }

    [Test]
    public async Task A_page_with_malformed_json_fails_the_step_with_the_url_and_the_parse_error()
    {
        _server.MalformedPage = 2;
        using var services = Services();

        var failed = await RunAsync(Job(services, new ListItemWriter<ApiItem>()));

        failed.Status.Should().Be(BatchStatus.Failed);
        var error = failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>().Which;
        error.Message.Should().Contain("items?page=2").And.Contain("is not the JSON expected");
        error.InnerException.Should().BeAssignableTo<JsonException>();
    }

    [Test]
    public async Task An_empty_page_that_names_itself_as_the_next_fails_the_step_instead_of_looping()
    {
        using var services = Services();
        var options = PageNumbers();
        options.ParsePage = (_, page) => new HttpPage<ApiItem>([], page);

        var failed = await RunAsync(Job(services, new ListItemWriter<ApiItem>(), options, chunkSize: 10));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>()
            .Which.Message.Should().Contain("names itself as the next page");
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_fails_the_step_with_the_url()
    {
        var address = _server.BaseAddress;
        await _server.DisposeAsync();
        _server = await PagedApiServer.StartAsync(1, 1);
        using var services = Services(baseAddress: address, configure: r => r.Retry.MaxRetryAttempts = 1);

        var failed = await RunAsync(Job(services, new ListItemWriter<ApiItem>()));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>()
            .Which.Message.Should().Contain($"GET {address}items?page=1").And.Contain("could not be read");
    }

    private ServiceProvider Services(Action<HttpStandardResilienceOptions>? configure = null, Uri? baseAddress = null)
    {
        var services = new ServiceCollection();
        services.AddBatchHttpClient(
            configureClient: c => c.BaseAddress = baseAddress ?? _server.BaseAddress,
            configureResilience: r =>
            {
                r.Retry.Delay = TimeSpan.FromMilliseconds(1);
                r.Retry.BackoffType = Polly.DelayBackoffType.Constant;
                r.Retry.UseJitter = false;
                configure?.Invoke(r);
            });
        return services.BuildServiceProvider();
    }

    private static SimpleJob Job(IServiceProvider services, IItemWriter<ApiItem> writer, int chunkSize = 10) =>
        Job(services, writer, PageNumbers(), chunkSize);

    private static HttpJsonPagingReaderOptions<ApiItem> PageNumbers() =>
        new()
        {
            Name = "api",
            FirstPage = "1",
            CreateRequest = page => new HttpRequestMessage(HttpMethod.Get, $"items?page={page}"),
            ParsePage = (root, _) => new HttpPage<ApiItem>(
                root.GetProperty("items").Deserialize(ApiJson.Default.ListApiItem)!,
                root.GetProperty("next") is { ValueKind: JsonValueKind.Number } next ? next.GetRawText() : null),
        };

    private static SimpleJob Job(IServiceProvider services, IItemWriter<ApiItem> writer, HttpJsonPagingReaderOptions<ApiItem> options, int chunkSize)
    {
        var factory = services.GetRequiredService<IHttpClientFactory>();
        var step = new StepBuilder("fetch").Chunk<ApiItem>(chunkSize)
            .Reader(_ => new HttpJsonPagingReader<ApiItem>(factory, options))
            .Writer(writer)
            .Build();
        return new JobBuilder("collect").Start(step).Build();
    }

    private Task<JobExecution> RunAsync(IJob job) =>
        new JobLauncher(_repository).RunAsync(job, JobParameters.Parse("table=items"), CancellationToken.None);

    /// <summary>Answers 200 with a body whose stream breaks off after a few bytes, as a connection closed mid-body does.</summary>
    private sealed class BreakingBodyHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) });

        private sealed class BreakingStream : MemoryStream
        {
            private bool _sent;

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_sent)
                {
                    throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
                }

                _sent = true;
                buffer.Span[0] = (byte)'{';
                return ValueTask.FromResult(1);
            }
        }
    }

    private sealed class FailingOnceWriter(int failOn) : IItemWriter<ApiItem>
    {
        private bool _failed;

        public List<ApiItem> Written { get; } = [];

        public ValueTask WriteAsync(Chunk<ApiItem> chunk, CancellationToken cancellationToken)
        {
            if (!_failed && chunk.Any(i => i.Id == failOn))
            {
                _failed = true;
                throw new InvalidOperationException("the target is down");
            }

            Written.AddRange(chunk);
            return ValueTask.CompletedTask;
        }
    }
}

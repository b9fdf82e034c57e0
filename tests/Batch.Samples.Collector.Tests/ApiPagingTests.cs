using System.Text.Json;
using Samples.Collector;
using Samples.Collector.Collect;
using Samples.Collector.Rules;

namespace Batch.Samples.Collector.Tests;

/// <summary>How an API resource's registry entry becomes the library paging reader's requests, pages and rows.</summary>
public sealed class ApiPagingTests
{
    private static readonly Uri BaseUrl = new("http://api.example/base/");

    [Test]
    public void Number_paging_asks_for_page_and_size_and_stops_after_a_short_page()
    {
        var options = Options(new ApiResource(ApiResource.Number, 2, ["bigint", "text"], "items", null, null, null));

        options.FirstPage.Should().Be("1");
        options.CreateRequest!("3").RequestUri!.AbsoluteUri.Should().Be("http://api.example/base/v1/items?page=3&size=2");
        Parse(options, """{"items":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}""", "1").NextPage.Should().Be("2");
        Parse(options, """{"items":[{"id":3,"name":"c"}]}""", "2").NextPage.Should().BeNull();
    }

    [Test]
    public void Offset_paging_counts_items_from_zero_with_its_own_parameter_names()
    {
        var options = Options(new ApiResource(ApiResource.Offset, 2, ["bigint", "text"], "data", null, "start", "count"));

        options.FirstPage.Should().Be("0");
        options.CreateRequest!("4").RequestUri!.AbsoluteUri.Should().Be("http://api.example/base/v1/items?start=4&count=2");
        var page = Parse(options, """{"data":[{"id":5,"name":"e"},{"id":6}]}""", "4");
        page.NextPage.Should().Be("6");
        page.Items.Should().HaveCount(2);
        page.Items[1].Should().Equal(6L, null);
    }

    [Test]
    public void Link_paging_follows_the_bodys_next_link_on_the_same_server_only()
    {
        var options = Options(new ApiResource(ApiResource.Link, 50, ["bigint", "text"], "items", "links_next", null, null));

        options.FirstPage.Should().Be("http://api.example/base/v1/items?limit=50");
        var page = Parse(options, """{"items":[],"links_next":"/base/v1/items?after=9"}""", options.FirstPage);
        page.NextPage.Should().Be("http://api.example/base/v1/items?after=9");
        options.CreateRequest!(page.NextPage!).RequestUri!.AbsoluteUri.Should().Be("http://api.example/base/v1/items?after=9");
        Parse(options, """{"items":[],"links_next":null}""", page.NextPage!).NextPage.Should().BeNull();

        var leaving = () => Parse(options, """{"items":[],"links_next":"http://elsewhere.example/steal"}""", options.FirstPage);
        leaving.Should().Throw<FormatException>().WithMessage("*leaves the API's server*");
    }

    [Test]
    public void Cursor_paging_starts_without_a_cursor_and_passes_the_bodys_next_cursor()
    {
        var options = Options(new ApiResource(ApiResource.Cursor, 10, ["bigint", "text"], "items", null, null, null));

        options.CreateRequest!(options.FirstPage).RequestUri!.AbsoluteUri.Should().Be("http://api.example/base/v1/items?limit=10");
        Parse(options, """{"items":[{"id":1,"name":"a"}],"next":"c2 x"}""", options.FirstPage).NextPage.Should().Be("c2 x");
        options.CreateRequest!("c2 x").RequestUri!.AbsoluteUri.Should().Be("http://api.example/base/v1/items?cursor=c2%20x&limit=10");
        Parse(options, """{"items":[]}""", "c2 x").NextPage.Should().BeNull();
    }

    [Test]
    public void Values_are_read_as_the_registered_types()
    {
        var table = Table(new ApiResource(ApiResource.Number, 5, ["integer", "numeric(8,3)", "timestamptz", "date", "boolean", "double precision", "uuid", "varchar(10)"], "items", null, null, null),
            "id,amount,at,day,ok,ratio,ref,code");
        var options = ApiPaging.Options(BaseUrl, table, ApiColumns.Of(table), "x");

        var row = Parse(options,
            """{"items":[{"id":7,"amount":"12.500","at":"2026-12-01T09:00:00+09:00","day":"2026-12-01","ok":false,"ratio":0.5,"ref":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","code":42}]}""",
            "1").Items[0];

        row.Should().Equal(7, 12.5m, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1), false, 0.5, Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), "42");
        ((DateTime)row[2]!).Kind.Should().Be(DateTimeKind.Utc);
    }

    [Test]
    public void A_value_of_the_wrong_type_names_its_field()
    {
        var options = Options(new ApiResource(ApiResource.Number, 5, ["bigint", "text"], "items", null, null, null));

        var parse = () => Parse(options, """{"items":[{"id":"seven","name":"a"}]}""", "1");

        parse.Should().Throw<FormatException>().WithMessage("*field 'id'*\"seven\"*bigint*");
    }

    [TestCase("bigint, money", "COLUMN_TYPES 'money' of column name")]
    [TestCase("bigint", "COLUMN_TYPES has 1 types for the 2 columns")]
    [TestCase("bigint, numeric(50,2)", "COLUMN_TYPES 'numeric(50,2)'")]
    public void An_unknown_or_missing_type_is_refused_with_the_entry_named(string types, string message)
    {
        var table = Table(new ApiResource(ApiResource.Number, 5, RuleDatabase.ApiColumnTypes(types), "items", null, null, null), "id,name");

        var columns = () => ApiColumns.Of(table);

        columns.Should().Throw<CollectorException>().WithMessage($"*C3/v1/items*{message}*");
    }

    [TestCase("http://api.example/base", "http://api.example/base/v1/items")]
    [TestCase("http://api.example/base/", "http://api.example/base/v1/items")]
    [TestCase("http://api.example", "http://api.example/v1/items")]
    public void Resource_paths_go_below_the_base_urls_path(string baseUrl, string resource)
    {
        new Uri(ApiPaging.BaseUrl(baseUrl), "v1/items").AbsoluteUri.Should().Be(resource);
    }

    [Test]
    public void Column_types_split_at_commas_outside_parentheses()
    {
        RuleDatabase.ApiColumnTypes("bigint, numeric(12, 2),text ,timestamp").Should().Equal("bigint", "numeric(12, 2)", "text", "timestamp");
    }

    private static Batch.Infrastructure.Http.HttpJsonPagingReaderOptions<object?[]> Options(ApiResource api)
    {
        var table = Table(api, "id,name");
        return ApiPaging.Options(BaseUrl, table, ApiColumns.Of(table), "x");
    }

    private static TableEntry Table(ApiResource api, string columns) =>
        new("C3", "v1/items", Identifiers.SplitList(columns), ["id"], "api_items", api);

    private static Batch.Infrastructure.Http.HttpPage<object?[]> Parse(Batch.Infrastructure.Http.HttpJsonPagingReaderOptions<object?[]> options, string json, string state)
    {
        using var document = JsonDocument.Parse(json);
        return options.ParsePage!(document.RootElement, state);
    }
}

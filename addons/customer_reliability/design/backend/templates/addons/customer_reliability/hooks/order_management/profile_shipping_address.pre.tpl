{* The Customer rating block in the order sidebar. This hook also renders on the order editor and
   RMA pages, where the add-on prepares no data: the block shows only on the order details page. *}
{if $customer_reliability}
{$show_empty = $addons.customer_reliability.show_empty_params == "Y"}
{$stats = $customer_reliability.statistics}
<div class="sidebar-row customer-reliability" id="customer_reliability_{$order_info.order_id}">
    <h6>{__("customer_reliability.customer_rating")}</h6>
    <p class="muted">{__("customer_reliability.store_statistics")} ({if $customer_reliability.matched_by == "user"}{__("customer_reliability.matched_by_user")}{elseif $customer_reliability.matched_by == "phone"}{__("customer_reliability.matched_by_phone")}{elseif $customer_reliability.matched_by == "email"}{__("customer_reliability.matched_by_email")}{else}{__("customer_reliability.matched_by_order")}{/if})</p>
    <ul class="unstyled customer-reliability-stats">
    {if $stats.orders || $show_empty}
        <li>{__("customer_reliability.orders")}: <strong>{$stats.orders}</strong></li>
    {/if}
    {if $stats.total || $show_empty}
        <li>{__("customer_reliability.total_purchases")}: <strong>{$stats.total|number_format:2:".":" "}</strong></li>
    {/if}
    {if $stats.canceled || $show_empty}
        <li>{__("customer_reliability.canceled_orders")}: <strong>{$stats.canceled}</strong></li>
    {/if}
    {if $stats.unfinished || $show_empty}
        <li>{__("customer_reliability.unfinished_orders")}: <strong>{$stats.unfinished}</strong></li>
    {/if}
    </ul>
    <p class="muted">{__("customer_reliability.black_list")}</p>
    {if $customer_reliability.check}
        {$check = $customer_reliability.check}
        <p class="customer-reliability-status customer-reliability-status-{$check.status}"><strong>
        {if $check.status == "trusted"}{__("customer_reliability.status_trusted")}
        {elseif $check.status == "neutral"}{__("customer_reliability.status_neutral")}
        {elseif $check.status == "distrust"}{__("customer_reliability.status_distrust")}
        {else}{__("customer_reliability.status_invalid_phone")}{/if}
        </strong></p>
        <p class="muted">{__("customer_reliability.checked_on", ["[date]" => $check.checked_on])}</p>
    {elseif $customer_reliability.service_active && $customer_reliability.has_phone}
        <p>{__("customer_reliability.not_checked")}</p>
    {/if}
    {if !$customer_reliability.service_active}
        <p class="text-warning">{__("customer_reliability.error_service_not_active")}</p>
    {elseif !$customer_reliability.has_phone}
        <p class="text-warning">{__("customer_reliability.error_no_phone")}</p>
    {else}
        <a class="btn cm-post" href="{$customer_reliability.check_url}" title="{__("customer_reliability.check_cost_note")}">{if $customer_reliability.check}{__("customer_reliability.check_again")}{else}{__("customer_reliability.check")}{/if}</a>
    {/if}
</div>
{/if}

{* The order details page (CS-Cart's admin orders.details), with the core's hook points. *}
<div class="page">
<div class="main">
    <div class="title">
        <h1>{__("order")} #{$order_info.order_id}<span class="muted">{$order_info.timestamp|date_format:"%d.%m.%Y, %H:%M"}</span></h1>
    </div>
    <div class="tabs"><span class="active">{__("general")}</span><span>{__("addons")}</span></div>

    <form action="{"orders.update_details"|fn_url}" method="post" name="order_info_form" id="order_info_form">
    <input type="hidden" name="order_id" value="{$order_info.order_id}">
    <div class="tab-content" id="content_general">
        <div class="row">
            <div class="span8">
                <table class="table">
                    <thead><tr><th>{__("product")}</th><th class="right">{__("price")}</th><th class="right">{__("quantity")}</th><th class="right">{__("subtotal")}</th></tr></thead>
                    <tbody>
                    {foreach $order_info.products as $product}
                        <tr><td>{$product.product}{if $product.product_code}<br><span class="muted">{$product.product_code}</span>{/if}</td>
                        <td class="right">{$product.price|number_format:2:".":" "}</td><td class="right">{$product.amount}</td>
                        <td class="right">{$product.subtotal|number_format:2:".":" "}</td></tr>
                    {foreachelse}
                        <tr><td colspan="4" class="muted">{__("no_items")}</td></tr>
                    {/foreach}
                    </tbody>
                </table>

                <table class="totals">
                    <tr><td>{__("subtotal")}:</td><td class="right">{$order_info.subtotal|number_format:2:".":" "}</td></tr>
                    {if $order_info.discount > 0}
                    <tr><td>{__("including_discount")}:</td><td class="right">−{$order_info.discount|number_format:2:".":" "}</td></tr>
                    {/if}
                    <tr><td>{__("shipping_cost")}:</td><td class="right">{$order_info.shipping_cost|number_format:2:".":" "}</td></tr>
                    <tr class="total"><td>{__("total")}:</td><td class="right">{$order_info.total|number_format:2:".":" "}</td></tr>
                </table>

                {if $order_info.notes}
                <div class="well"><h4>{__("customer_notes")}</h4><div class="notes">{$order_info.notes}</div></div>
                {/if}
            </div>

            <div class="span4">
                <div class="well">
                    {hook name="orders:order_status"}
                    <h4>{__("status")}</h4>
                    <p><span class="status status-{$order_info.status}">{$order_status_descr[$order_info.status]|default:$order_info.status}</span></p>
                    {/hook}
                    {hook name="orders:payment_info"}
                    <h4>{__("payment_information")}</h4>
                    <p>{__("payment_method")}: #{$order_info.payment_id}</p>
                    {/hook}
                    {hook name="orders:shipping_info"}
                    <h4>{__("shipping_information")}</h4>
                    <p>{__("storefront")}: {$storefront.name}</p>
                    {/hook}
                </div>
                {hook name="orders:customer_shot_info"}
                {/hook}
            </div>
        </div>
    </div>

    <div class="tab-content" id="content_addons">
        <h2>{__("addons")}</h2>
        {capture name="addons_tab"}
        {hook name="orders:customer_info"}
        {/hook}
        {/capture}
        {if $smarty.capture.addons_tab|trim}{$smarty.capture.addons_tab nofilter}{else}<p class="muted">{__("no_data")}</p>{/if}
    </div>
    </form>
</div>

<div class="sidebar">
    {hook name="orders:details_sidebar"}
    {include file="views/order_management/components/profiles_info.tpl" user_data=$order_info location="I"}
    {/hook}
</div>
</div>
